ALTER TABLE `document_updates` ADD `author_id` text;--> statement-breakpoint
ALTER TABLE `document_updates` ADD `author_name` text;--> statement-breakpoint
ALTER TABLE `document_updates` ADD `source` text;