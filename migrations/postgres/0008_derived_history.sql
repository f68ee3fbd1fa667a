CREATE TABLE "document_activity" (
	"document_id" text NOT NULL,
	"change_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"person_id" text,
	"person_name" text,
	"via" text,
	"kind" text NOT NULL,
	"annotation_id" text,
	"text" text NOT NULL,
	CONSTRAINT "document_activity_document_id_change_id_seq_pk" PRIMARY KEY("document_id","change_id","seq")
);
--> statement-breakpoint
CREATE TABLE "document_history_checkpoints" (
	"document_id" text NOT NULL,
	"after_change_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"state" "bytea" NOT NULL,
	CONSTRAINT "document_history_checkpoints_document_id_after_change_id_pk" PRIMARY KEY("document_id","after_change_id")
);
--> statement-breakpoint
CREATE TABLE "document_history_derived" (
	"document_id" text PRIMARY KEY NOT NULL,
	"through_row_id" bigint NOT NULL,
	"since_checkpoint" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_history_effects" (
	"document_id" text NOT NULL,
	"first_change_id" bigint NOT NULL,
	"last_change_id" bigint NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "document_history_effects_document_id_first_change_id_pk" PRIMARY KEY("document_id","first_change_id")
);
--> statement-breakpoint
ALTER TABLE "document_activity" ADD CONSTRAINT "document_activity_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_history_checkpoints" ADD CONSTRAINT "document_history_checkpoints_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_history_derived" ADD CONSTRAINT "document_history_derived_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_history_effects" ADD CONSTRAINT "document_history_effects_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;