// Starts the GOV.UK Frontend components on every page (loaded as a module, so CSP allows it),
// the timeout warning on signed-in pages, and the readout of any map on the page.
import { initAll } from "/assets/govuk-frontend.min.js";
import { keepRevealsValid } from "/assets/app/conditional-reveal.js";
import { initPrintButtons } from "/assets/app/print.js";
import { initTimeoutWarnings } from "/assets/app/timeout-warning.js";
import { initMaps } from "/assets/app/maps.js";

initAll();
keepRevealsValid();
initPrintButtons();
initTimeoutWarnings();
initMaps();
