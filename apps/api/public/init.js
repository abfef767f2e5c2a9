// GOV.UK Frontend's components (served from this app, no CDN).
import { initAll } from '/govuk/govuk-frontend.min.js';
initAll();
