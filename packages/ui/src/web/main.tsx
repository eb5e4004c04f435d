import { render } from 'preact';

function App() {
  return <main class="logi-app">Logi</main>;
}

render(<App />, document.getElementById('app')!);
