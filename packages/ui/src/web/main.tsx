import { render } from 'preact';
import { prefetchDashboard } from './dashboards/dashboard-api.js';
import { HOME_PATH } from '../home.js';
import { App, dashboardUid } from './shell/app.js';
import { currentPath } from './shell/router.js';
import './styles.css';

// The board the page opens on (home is one) is asked for now, while the page draws its first frame, not after it.
const opening = dashboardUid(currentPath() === '/' ? HOME_PATH : currentPath());
if (opening !== undefined) prefetchDashboard(opening);

render(<App />, document.getElementById('app')!);
