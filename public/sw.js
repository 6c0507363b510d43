// Service worker of the installed app (registered by app/providers.tsx in production builds only).
// It caches the app SHELL only: Next's hashed static files (/_next/static/, immutable) and the icons. It never
// caches API responses or pages: every page carries user data (conversations, contacts). Pages, /api/..., the
// live-update stream, uploads and exports are not intercepted at all (no respondWith: the browser fetches them
// itself, as without a worker). No offline page: intercepting every navigation for one would put the worker in
// the path of each sign-in, sign-out and redirect.

const CACHE = "connectly-shell-v1";
const PRECACHE = ["/icons/icon-192.png", "/favicon.ico"];
const MAX_ENTRIES = 300;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/** True for the static files that make up the shell (never user data). */
function isShellAsset(url) {
  return url.pathname.startsWith("/_next/static/") || url.pathname.startsWith("/icons/") || url.pathname === "/favicon.ico";
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
    // Old builds' files pile up otherwise: keep the newest MAX_ENTRIES (keys() lists in insertion order).
    const keys = await cache.keys();
    await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES)).map((key) => cache.delete(key)));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (isShellAsset(url)) {
    event.respondWith(cacheFirst(request));
  }
});
