"use client";

import { useEffect, useMemo, useRef } from "react";
import { UploadIcon } from "@/components/ui/icons";
import { MEDIA_MAX_BYTES } from "@/lib/connectly/media";
import { useUpload } from "@/lib/media/hooks/use-upload";
import { acceptFor, formatBytes } from "@/lib/media/upload-file";
import { Button } from "@/components/ui/button";

/**
 * Upload a header's sample file instead of typing its URL: checked in the browser (type from the bytes, WhatsApp's
 * size limit for the kind), stored by the app and registered with Connectly; its CDN URI fills the URL field, which
 * stays editable.
 */
export function HeaderMediaUpload({
  kind,
  label,
  onUploaded,
}: {
  kind: "image" | "video" | "document";
  label: string;
  onUploaded: (url: string) => void;
}) {
  const kinds = useMemo(() => [kind] as const, [kind]);
  const { upload, attach, clear } = useUpload("/api/media/template-headers", kinds);
  const input = useRef<HTMLInputElement>(null);
  const done = upload?.state === "ready" ? upload.media : null;
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (done && reported.current !== done.cdnUri) {
      reported.current = done.cdnUri;
      onUploaded(done.cdnUri);
    }
  }, [done, onUploaded]);
  // A different header kind: whatever was uploaded for the old one no longer applies.
  useEffect(() => clear, [kind, clear]);

  const busy = upload?.state === "checking" || upload?.state === "uploading";
  return (
    <div className="mt-1.5 flex flex-wrap items-center gap-2 text-xs" data-testid="header-upload">
      <Button size="sm" onClick={() => input.current?.click()} disabled={busy}>
        <UploadIcon className="h-3.5 w-3.5" />{" "}
        {busy ? `Uploading ${Math.round((upload?.progress ?? 0) * 100)}%` : `Upload ${label}`}
      </Button>
      {/* eslint-disable-next-line no-restricted-syntax -- A file input has no look of its own to kit: it stays hidden behind the Upload button. */}
      <input
        ref={input}
        type="file"
        accept={acceptFor(kinds)}
        className="hidden"
        aria-label={`Upload ${label}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void attach(file);
        }}
      />
      <span className="text-slate-500">
        {upload?.state === "ready"
          ? `Uploaded ${upload.file.name} (${formatBytes(upload.file.size)})`
          : `or paste a URL · up to ${formatBytes(MEDIA_MAX_BYTES[kind])}`}
      </span>
      {upload?.error ? (
        <p role="alert" className="w-full text-red-700" data-testid="header-upload-error">
          {upload.error}
        </p>
      ) : null}
    </div>
  );
}
