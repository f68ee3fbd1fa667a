// The source text every benchmark document starts with (~2 KB), the same for all servers.

const SENTENCE = 'In the beginning of the second book the scribe corrects the reading of the older witness, and the gloss in the margin repeats it. ';

export const DOCUMENT_TEXT = SENTENCE.repeat(16).trim();
