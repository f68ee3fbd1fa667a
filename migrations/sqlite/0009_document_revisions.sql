CREATE TABLE `document_revisions` (
	`document_id` text NOT NULL,
	`number` integer NOT NULL,
	`created_at` integer NOT NULL,
	`author_id` text,
	`author_name` text,
	`source_bytes` integer NOT NULL,
	`inserted` integer DEFAULT 0 NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`intact` integer,
	`edited` integer,
	`detached` integer,
	PRIMARY KEY(`document_id`, `number`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Documents stored before revisions were kept: their text as it is now counts as the first version.
INSERT INTO `document_revisions` (`document_id`, `number`, `created_at`, `source_bytes`) SELECT `id`, 1, `created_at`, `source_bytes` FROM `documents`;
