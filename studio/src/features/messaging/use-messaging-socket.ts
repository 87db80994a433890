import { useEffect, useRef } from "react";
import { renewAccessToken } from "../../api/http.ts";
import { reconnectDelay, socketUrl, type SocketFrame } from "../../core/messaging.ts";
import { useAuthStore } from "../../store/auth-store.ts";

/**
 * The live messaging socket while the component is mounted: every frame goes to `onFrame`; a
 * dropped socket reconnects with `after=<last event id>`, so the events it missed arrive once.
 * The tenant is named in the query (the one signed in to: a browser socket cannot send X-Tenant;
 * the server checks it against the token), the user comes from the access cookie: a
 * socket closed for its token (4401) or refused before it opened renews the token (the refresh
 * sets a fresh cookie) before it reconnects; a session that cannot be renewed stops it. Failed
 * attempts back off (core/messaging.ts `reconnectDelay`). Returns `send` for frames to the server (typing).
 */
export function useMessagingSocket(onFrame: (frame: SocketFrame) => void) {
  const handler = useRef(onFrame);
  handler.current = onFrame;
  const socket = useRef<WebSocket | null>(null);
  const tenant = useAuthStore((s) => s.tenant);

  useEffect(() => {
    let stopped = false;
    let lastEventId: number | null = null;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      const ws = new WebSocket(socketUrl(window.location, lastEventId, tenant));
      let opened = false;
      socket.current = ws;
      ws.onopen = () => {
        opened = true;
      };
      ws.onmessage = (event) => {
        let frame: SocketFrame;
        try {
          frame = JSON.parse(String(event.data)) as SocketFrame;
        } catch {
          return;
        }
        if (frame.type === "ready") failures = 0;
        if (frame.type === "event") lastEventId = frame.id;
        if (frame.type === "ready" && lastEventId === null) lastEventId = frame.lastEventId;
        handler.current(frame);
      };
      ws.onclose = (event) => {
        if (socket.current === ws) socket.current = null;
        if (stopped) return;
        const renew = event.code === 4401 || !opened;
        timer = setTimeout(() => {
          if (stopped) return;
          if (!renew) return open();
          void renewAccessToken().then((fresh) => {
            if (fresh && !stopped) open();
          });
        }, reconnectDelay(failures++));
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket.current?.close();
      socket.current = null;
    };
  }, [tenant]);

  return {
    send(frame: object) {
      const ws = socket.current;
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    },
  };
}
