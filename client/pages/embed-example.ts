// The example intranet page's script (embed-example.html): loads /embed.js from the Glossa server
// (`?server=`, by default the page's own origin), opens `?document=` in the annotator and logs the
// events the host page hears. An intranet copies it next to its page; Glossa serves it built, as
// /embed-example.js, because its own pages run no inline script.

interface AnnotationEvent {
  annotation: { quote: string };
}

const params = new URLSearchParams(location.search);
const server = params.get('server') ?? location.origin;
await import(/* @vite-ignore */ `${server}/embed.js`);
const annotator = document.getElementById('annotator')!;
annotator.setAttribute('server', server);
annotator.setAttribute('document', params.get('document') ?? '');
const log = document.getElementById('log')!;
for (const type of ['annotation-created', 'annotation-selected']) {
  annotator.addEventListener(type, (event) => {
    log.textContent += `${type}: “${(event as CustomEvent<AnnotationEvent>).detail.annotation.quote}”\n`;
  });
}

export {};
