// The annotator page, /documents/:id (document.html): gives the header and the annotator the
// document named by the last path segment. A file of its own, not an inline script: Glossa's pages
// run no inline script (docs/security.md).

const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
for (const el of document.querySelectorAll('glossa-document-header, glossa-annotator')) el.setAttribute('document', id);
