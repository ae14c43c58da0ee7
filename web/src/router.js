import { createRouter, createWebHistory } from 'vue-router';
import { session, loadSession, isStaff } from './session.js';
import { CONSOLE_PAGES, canOpen } from './menu.js';

// Every page is its own chunk: the citizen pages load Vant only and the
// staff console loads Element Plus only.
const consoleViews = {
  dashboard: () => import('./views/console/DashboardView.vue'),
  regions: () => import('./views/console/RegionsView.vue'),
  departments: () => import('./views/console/DepartmentsView.vue'),
  halls: () => import('./views/console/HallsView.vue'),
  windows: () => import('./views/console/WindowsView.vue'),
  staff: () => import('./views/console/StaffView.vue'),
  audit: () => import('./views/console/AuditView.vue'),
  outbox: () => import('./views/console/OutboxView.vue'),
  items: () => import('./views/console/catalogue/ItemsView.vue'),
  'item-new': () => import('./views/console/catalogue/ItemEditView.vue'),
  'item-edit': () => import('./views/console/catalogue/ItemEditView.vue'),
  'item-import': () => import('./views/console/catalogue/ItemImportView.vue'),
  'item-history': () => import('./views/console/catalogue/ItemHistoryView.vue'),
  'catalogue-kpis': () => import('./views/console/catalogue/KpiView.vue'),
  calendar: () => import('./views/console/CalendarView.vue'),
  desk: () => import('./views/console/queue/DeskView.vue'),
  'hall-live': () => import('./views/console/queue/LiveBoardView.vue'),
  appointments: () => import('./views/console/queue/AppointmentsView.vue'),
  queues: () => import('./views/console/queue/QueuesView.vue'),
  'appt-sessions': () => import('./views/console/queue/ApptSessionsView.vue'),
  'release-advice': () => import('./views/console/queue/AdviceView.vue'),
  'queue-stats': () => import('./views/console/queue/StatsView.vue'),
  'case-intake': () => import('./views/console/cases/IntakeView.vue'),
  'case-issue': () => import('./views/console/cases/IssueView.vue'),
  'case-inbox': () => import('./views/console/cases/WorkbenchView.vue'),
  'case-warnings': () => import('./views/console/cases/WarningsView.vue'),
  cases: () => import('./views/console/cases/CasesView.vue'),
  'case-detail': () => import('./views/console/cases/CaseDetailView.vue'),
  'case-file-scan': () => import('./views/console/cases/ScanView.vue'),
  'case-files': () => import('./views/console/cases/TrackerView.vue'),
  'case-stats': () => import('./views/console/cases/StatsView.vue'),
  'hotline-intake': () => import('./views/console/hotline/IntakeView.vue'),
  'hotline-orders': () => import('./views/console/hotline/OrdersView.vue'),
  'hotline-order': () => import('./views/console/hotline/OrderView.vue'),
  'hotline-dept': () => import('./views/console/hotline/DeptView.vue'),
  'hotline-supervise': () => import('./views/console/hotline/SuperviseView.vue'),
  'hotline-kpis': () => import('./views/console/hotline/KpiView.vue'),
  knowledge: () => import('./views/console/KnowledgeView.vue'),
  'api-keys': () => import('./views/console/ApiKeysView.vue'),
  'rating-rectify': () => import('./views/console/ratings/RectificationsView.vue'),
  'rating-callbacks': () => import('./views/console/ratings/CallbacksView.vue'),
  'rating-appeals': () => import('./views/console/ratings/AppealsView.vue'),
  'rating-figures': () => import('./views/console/ratings/FiguresView.vue'),
  ratings: () => import('./views/console/ratings/RatingsView.vue'),
  'rating-settings': () => import('./views/console/ratings/SettingsView.vue'),
};

const routes = [
  { path: '/', name: 'root', redirect: () => (session.user && !isStaff() ? '/m/' : '/console') },
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: '工作人员登录' } },
  {
    path: '/console',
    component: () => import('./views/console/ConsoleLayout.vue'),
    meta: { staff: true },
    children: CONSOLE_PAGES.map((p) => ({
      path: p.path,
      name: p.name,
      component: consoleViews[p.name],
      meta: { staff: true, page: p, title: p.title },
    })),
  },
  {
    path: '/m',
    component: () => import('./views/mobile/MobileLayout.vue'),
    children: [
      { path: '', name: 'm-home', component: () => import('./views/mobile/MobileHome.vue'), meta: { title: '一网通办' } },
      { path: 'items', name: 'm-items', component: () => import('./views/mobile/MobileItems.vue'), meta: { title: '办事指南' } },
      { path: 'book', name: 'm-book', component: () => import('./views/mobile/MobileBook.vue'), meta: { title: '预约办事' } },
      { path: 'appointments', name: 'm-appointments', component: () => import('./views/mobile/MobileAppointments.vue'), meta: { title: '我的预约' } },
      { path: 'ticket/:token', name: 'm-ticket', component: () => import('./views/mobile/MobileTicket.vue'), meta: { title: '我的排号' } },
      { path: 'cloud', name: 'm-cloud', component: () => import('./views/mobile/MobileCloud.vue'), meta: { title: '云叫号' } },
      { path: 'cases', name: 'm-cases', component: () => import('./views/mobile/CaseMine.vue'), meta: { title: '我的办件' } },
      { path: 'cases/:id(\\d+)', name: 'm-case', component: () => import('./views/mobile/CaseMineDetail.vue'), meta: { title: '办件详情' } },
      { path: 'hotline', name: 'm-hotline', component: () => import('./views/mobile/HotlineSubmit.vue'), meta: { title: '12345 诉求' } },
      { path: 'hotline/mine', name: 'm-hotline-mine', component: () => import('./views/mobile/HotlineMine.vue'), meta: { title: '我的工单' } },
      { path: 'hotline/mine/:id(\\d+)', name: 'm-hotline-order', component: () => import('./views/mobile/HotlineOrder.vue'), meta: { title: '工单进度' } },
      { path: 'items/:id(\\d+)', name: 'm-item', component: () => import('./views/mobile/MobileItemGuide.vue'), meta: { title: '办事指南' } },
      // 好差评: my ratings, rating a ticket by its QR (no login), and a case, order or online service of mine.
      { path: 'ratings', name: 'm-ratings', component: () => import('./views/mobile/RatingMine.vue'), meta: { title: '我的评价' } },
      { path: 'rate/ticket/:token', name: 'm-rate-ticket', component: () => import('./views/mobile/RatingTicket.vue'), meta: { title: '服务评价' } },
      { path: 'rate/:kind(case|hotline|online)/:id(\\d+)?', name: 'm-rate', component: () => import('./views/mobile/RatingSubject.vue'), meta: { title: '服务评价' } },
    ],
  },
  // The public progress page: the QR code on every case notice points here
  // (/progress?case=…, see src/api/case_delivery_api.c), so the path is fixed.
  {
    path: '/progress',
    component: () => import('./views/mobile/MobileLayout.vue'),
    children: [{ path: '', name: 'progress', component: () => import('./views/mobile/CaseProgress.vue'), meta: { title: '办件进度查询' } }],
  },
  // 好差评公示: the public disclosure of the rating figures and bad reviews, no login.
  { path: '/public/ratings', name: 'public-ratings', component: () => import('./views/public/PublicRatings.vue'), meta: { title: '好差评公示' } },
  // Hall devices: full screen, no login (the kiosk and the call display).
  { path: '/hall/:id(\\d+)/kiosk', name: 'kiosk', component: () => import('./views/hall/KioskView.vue'), meta: { title: '自助取号' } },
  { path: '/hall/:id(\\d+)/display', name: 'display', component: () => import('./views/hall/DisplayView.vue'), meta: { title: '叫号屏' } },
  // The window evaluator (好差评, a tablet facing the citizen): full screen,
  // signed in as the clerk; the login page brings the tablet back here.
  {
    path: '/window/:id(\\d+)/evaluator',
    name: 'evaluator',
    component: () => import('./views/hall/EvaluatorView.vue'),
    meta: { title: '窗口评价器' },
    beforeEnter: (to) => {
      if (!session.user) return { name: 'login', query: { redirect: to.fullPath } };
      if (!isStaff()) return { name: 'm-home' };
      return true;
    },
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
});

router.beforeEach(async (to) => {
  await loadSession();
  if (to.meta.staff) {
    if (!session.user) return { name: 'login', query: to.fullPath !== '/console' ? { redirect: to.fullPath } : {} };
    if (!isStaff()) return { name: 'm-home' };
    if (to.meta.page && !canOpen(to.meta.page, session.user.roles)) return { name: 'dashboard' };
  }
  if (to.name === 'login' && session.user && isStaff()) return { name: 'dashboard' };
  return true;
});

router.afterEach((to) => {
  const t = to.meta.title;
  document.title = t ? `${t} · 一网通办` : '一网通办 · yiwang';
});
