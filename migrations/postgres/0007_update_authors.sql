ALTER TABLE "document_updates" ADD COLUMN "author_id" text;--> statement-breakpoint
ALTER TABLE "document_updates" ADD COLUMN "author_name" text;--> statement-breakpoint
ALTER TABLE "document_updates" ADD COLUMN "source" text;