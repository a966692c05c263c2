// What the service worker finds that TypeScript's worker library does not declare.

/** Background Sync (not in every browser, so not in the standard library). */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
