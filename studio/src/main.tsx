import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./features/shell/App.tsx";
import "./styles/app.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
