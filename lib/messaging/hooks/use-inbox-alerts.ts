"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * The tab title (`title`, e.g. with the unread count) and new-message alerts while the tab is hidden: a short
 * WebAudio beep (no sound file) and a counter in the title, cleared when the agent comes back to the tab.
 */
export function useInboxAlerts(title: string) {
  const missed = useRef(0);
  const audio = useRef<AudioContext | null>(null);
  const titleRef = useRef(title);

  useEffect(() => {
    titleRef.current = title;
    if (!document.hidden) document.title = title;
  }, [title]);

  useEffect(() => {
    const onVisible = () => {
      if (document.hidden) return;
      missed.current = 0;
      document.title = titleRef.current;
    };
    // Browsers only let audio start after a user gesture: create the context on the first one.
    const unlock = () => {
      audio.current ??= new AudioContext();
      void audio.current.resume().catch(() => {});
    };
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("pointerdown", unlock, { once: true });
    window.addEventListener("keydown", unlock, { once: true });
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("pointerdown", unlock);
      window.removeEventListener("keydown", unlock);
    };
  }, []);

  return useCallback(() => {
    if (!document.hidden) return;
    missed.current += 1;
    document.title = `(${missed.current}) New message · ${titleRef.current}`;
    const ctx = audio.current;
    if (!ctx || ctx.state !== "running") return;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.3);
  }, []);
}
