// Plain views of the annotation model, as the UI, the REST API and exports see them.

export interface Author {
  id: string;
  name: string;
  color: string;
}

export interface Label {
  id: string;
  name: string;
  color: string;
  description: string;
  /** Kept on the annotations that carry it, but no longer offered for new labelling. */
  archived: boolean;
}

export type AnnotationStatus = 'open' | 'resolved';

/** How an imported annotation found its place in the text (see import/quote-anchoring.ts). */
export type AnchoredBy = 'position' | 'quote' | 'fuzzy' | 'detached';

/**
 * Where imported work came from. Its authors are attribution (a name as the other tool wrote it),
 * never an identity: the person who imported it is the author anyone can act as.
 */
export interface ImportOrigin {
  /** The annotation's or comment's id in the file it came from. */
  sourceId: string | null;
  creator: string | null;
  created: string | null;
}

export interface AnnotationImportOrigin extends ImportOrigin {
  anchoredBy: AnchoredBy;
}

export interface CommentView {
  id: string;
  author: Author;
  /** Markdown; render it sanitised, never as raw HTML. Empty once deleted. */
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Present on an imported comment. */
  origin?: ImportOrigin;
}

export interface AnnotationView {
  id: string;
  /** Current UTF-16 range in the source text; start === end when detached. */
  start: number;
  end: number;
  /** The annotated text was deleted; `quote` still holds what it was. */
  detached: boolean;
  quote: string;
  prefix: string;
  suffix: string;
  labels: string[];
  author: Author;
  createdAt: string;
  status: AnnotationStatus;
  resolvedBy: Author | null;
  resolvedAt: string | null;
  comments: CommentView[];
  /** Present on an imported annotation. */
  origin?: AnnotationImportOrigin;
}

/** Who performs a command; decided by the server, never by the client. */
export interface Actor extends Author {
  role: Role;
}

export const roles = ['viewer', 'commenter', 'editor', 'owner'] as const;
export type Role = (typeof roles)[number];
