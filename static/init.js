// Starts the GOV.UK Frontend components on every page (loaded as a module, so CSP allows it).
import { initAll } from "/assets/govuk-frontend.min.js";

initAll();
