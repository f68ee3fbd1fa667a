CREATE TABLE `document_activity` (
	`document_id` text NOT NULL,
	`change_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`person_id` text,
	`person_name` text,
	`via` text,
	`kind` text NOT NULL,
	`annotation_id` text,
	`text` text NOT NULL,
	PRIMARY KEY(`document_id`, `change_id`, `seq`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `document_history_checkpoints` (
	`document_id` text NOT NULL,
	`after_change_id` integer NOT NULL,
	`at` integer NOT NULL,
	`state` blob NOT NULL,
	PRIMARY KEY(`document_id`, `after_change_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `document_history_derived` (
	`document_id` text PRIMARY KEY NOT NULL,
	`through_row_id` integer NOT NULL,
	`since_checkpoint` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `document_history_effects` (
	`document_id` text NOT NULL,
	`first_change_id` integer NOT NULL,
	`last_change_id` integer NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`document_id`, `first_change_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
