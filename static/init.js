// Starts the GOV.UK Frontend components on every page (loaded as a module, so CSP allows it),
// and the timeout warning on signed-in pages.
import { initAll } from "/assets/govuk-frontend.min.js";
import { keepRevealsValid } from "/assets/app/conditional-reveal.js";
import { initTimeoutWarnings } from "/assets/app/timeout-warning.js";

initAll();
keepRevealsValid();
initTimeoutWarnings();
