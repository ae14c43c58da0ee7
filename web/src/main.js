import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { bindRouter } from './session.js';
import './base.css';

bindRouter(router);
createApp(App).use(router).mount('#app');
