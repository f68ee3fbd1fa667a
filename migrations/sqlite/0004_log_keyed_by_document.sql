-- The update log keyed by (document, id) and WITHOUT ROWID (written by hand: Drizzle cannot
-- declare it). An append then writes one B-tree page instead of a row, its index and the
-- AUTOINCREMENT counter. Ids are kept as they were: they were increasing within each document
-- already, and each snapshot's up_to_update_id still names the rows it covers.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_document_updates` (
	`document_id` text NOT NULL,
	`id` integer NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`document_id`, `id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_document_updates`("document_id", "id", "data", "created_at") SELECT "document_id", "id", "data", "created_at" FROM `document_updates`;--> statement-breakpoint
DROP TABLE `document_updates`;--> statement-breakpoint
ALTER TABLE `__new_document_updates` RENAME TO `document_updates`;--> statement-breakpoint
DELETE FROM `sqlite_sequence` WHERE `name` = 'document_updates';--> statement-breakpoint
PRAGMA foreign_keys=ON;
