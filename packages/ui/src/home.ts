// Logi's home page: shared by the web UI, which opens it at /, and logi serve, which sends its board within the page.

/** The seeds' app board Logi ships: the app's logs graphed with nothing written first. */
export const HOME_UID = 'logi-app-logs';
/** Where / takes the browser (Grafana's /d/<uid>/<slug>). */
export const HOME_PATH = `/d/${HOME_UID}/app-logs`;
