import { useEffect, useRef } from "react";
import { socketUrl, type SocketFrame } from "../../core/messaging.ts";

/** How long a dropped socket waits before it reconnects (it resumes after the last event it had). */
const RECONNECT_MS = 1000;

/**
 * The live messaging socket while the component is mounted: every frame goes to `onFrame`; a
 * dropped socket reconnects with `after=<last event id>`, so the events it missed arrive once.
 * The tenant comes from the host, the user from the access cookie (the browser sends both).
 * Returns `send` for frames to the server (typing).
 */
export function useMessagingSocket(onFrame: (frame: SocketFrame) => void) {
  const handler = useRef(onFrame);
  handler.current = onFrame;
  const socket = useRef<WebSocket | null>(null);

  useEffect(() => {
    let stopped = false;
    let lastEventId: number | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      const ws = new WebSocket(socketUrl(window.location, lastEventId));
      socket.current = ws;
      ws.onmessage = (event) => {
        let frame: SocketFrame;
        try {
          frame = JSON.parse(String(event.data)) as SocketFrame;
        } catch {
          return;
        }
        if (frame.type === "event") lastEventId = frame.id;
        if (frame.type === "ready" && lastEventId === null) lastEventId = frame.lastEventId;
        handler.current(frame);
      };
      ws.onclose = () => {
        if (socket.current === ws) socket.current = null;
        if (!stopped) timer = setTimeout(open, RECONNECT_MS);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket.current?.close();
      socket.current = null;
    };
  }, []);

  return {
    send(frame: object) {
      const ws = socket.current;
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    },
  };
}
