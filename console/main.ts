/** The console's entry module (built by `vite build --mode console`, served at `/console`). */
import './console-app.js';
