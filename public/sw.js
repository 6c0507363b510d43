// Service worker of the installed app (registered by app/providers.tsx in production builds only).
// It caches the app SHELL only: Next's hashed static files (/_next/static/, immutable), the icons and the offline
// page. It never caches API responses or pages: every page carries user data (conversations, contacts), so
// navigations always go to the network, and only when the network is down is the static offline page shown.
// Anything else (/api/..., the live-update stream, uploads, exports) is not intercepted at all.

const CACHE = "connectly-shell-v1";
const PRECACHE = ["/offline.html", "/icons/icon-192.png", "/favicon.ico"];
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
    return;
  }
  if (request.mode === "navigate") {
    // The page itself is never stored; offline, a static page says so.
    event.respondWith(fetch(request).catch(() => caches.match("/offline.html").then((r) => r || Response.error())));
  }
});
