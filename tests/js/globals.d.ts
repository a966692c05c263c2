// What the hand-written scripts in public/ find around them: Leaflet (vendored from npm,
// loaded by a <script> tag, used untyped here), the service worker's prepended constants, and
// the objects the scripts hang on the window.

declare const L: any;
/** Swagger UI (vendored from npm) on the API's docs page. */
declare const SwaggerUIBundle: any;

/** Prepended to sw.js by the server (server/src/offline.rs). */
declare const VERSION: string;
declare const PRECACHE: string[];

interface Window {
  L: any;
  /** public/outbox.js: the offline queues. */
  MeldpuntOutbox: any;
  /** public/js/base.js and the parts beside it: the scripts' shared namespace. */
  Meldpunt: any;
  /** public/meldpunt.js: what the report form island calls (app/src/ui/js.rs). */
  meldpunt: any;
  /** Set while the page reloads into a new version (the "new version" bar). */
  __meldpuntUpdating?: boolean;
}

interface HTMLElement {
  /** The Leaflet map a container was given, so it is made once. */
  _meldpuntMap?: any;
}

declare const MeldpuntOutbox: any;
