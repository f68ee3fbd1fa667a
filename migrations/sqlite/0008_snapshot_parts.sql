CREATE TABLE `document_snapshot_parts` (
	`document_id` text NOT NULL,
	`generation` integer NOT NULL,
	`seq` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`document_id`, `generation`, `seq`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `document_snapshots` ADD `parts_generation` integer;--> statement-breakpoint
ALTER TABLE `document_snapshots` ADD `state_parts` integer;