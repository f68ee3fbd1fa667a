// The one module an embedding page loads: it defines every Glossa custom element.
//   <script type="module" src="https://HOST/embed.js"></script>
//   <glossa-annotator server="https://HOST" document="ID"></glossa-annotator>

import './no-eval.js';

export { GlossaAnnotator } from './components/glossa-annotator.js';
export { GlossaDocumentList } from './components/glossa-document-list.js';
export { GlossaDocumentHeader } from './components/glossa-document-header.js';
export { GlossaLabelManager } from './components/glossa-label-manager.js';
export { redeemShareLinkFromPage } from './sync/share-link.js';
