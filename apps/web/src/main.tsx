import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createStorefrontApi } from "./api.js";
import { App } from "./app.js";
import "./styles.css";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App api={createStorefrontApi()} />
  </StrictMode>,
);
