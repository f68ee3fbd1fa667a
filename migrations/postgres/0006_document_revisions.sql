CREATE TABLE "document_revisions" (
	"document_id" text NOT NULL,
	"number" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"author_id" text,
	"author_name" text,
	"source_bytes" integer NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"intact" integer,
	"edited" integer,
	"detached" integer,
	CONSTRAINT "document_revisions_document_id_number_pk" PRIMARY KEY("document_id","number")
);
--> statement-breakpoint
ALTER TABLE "document_revisions" ADD CONSTRAINT "document_revisions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Documents stored before revisions were kept: their text as it is now counts as the first version.
INSERT INTO "document_revisions" ("document_id", "number", "created_at", "source_bytes") SELECT "id", 1, "created_at", "source_bytes" FROM "documents";
