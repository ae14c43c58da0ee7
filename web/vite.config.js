import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { VantResolver } from '@vant/auto-import-resolver';

// The API server for `npm run dev` / `npm run preview` (the C server serves
// dist/ itself in production, so no proxy is involved there).
const api = process.env.YW_API || 'http://127.0.0.1:8080';
const proxy = { '/api': { target: api, changeOrigin: false }, '/healthz': api };

export default defineConfig({
  plugins: [
    vue(),
    // Components used in templates are imported one by one, with their CSS,
    // so the citizen pages never pull in Element Plus and vice versa.
    Components({
      dts: false,
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver({ importStyle: true })],
    }),
  ],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 600,
    // No manualChunks: grouping a library's modules into one chunk makes
    // rollup keep all of them (Element Plus went from ~300 kB to 930 kB).
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
});
