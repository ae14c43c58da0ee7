// Which console pages exist and who may open them (`roles`) or change things
// on them (`write`), mirroring the server's read_roles / write_roles. Only
// pages that are built appear here: capabilities still under construction
// get no menu item.
const MANAGERS = ['admin', 'hall_manager', 'supervisor'];
// The catalogue is read by every staff role and changed by these.
const CATALOGUE_WRITERS = ['admin', 'catalogue_admin'];
// The 12345 hotline's orders are read by these (docs/hotline.md "Roles and scope").
const HOTLINE_READERS = ['hotline_agent', 'hotline_handler', 'supervisor', 'admin'];

export const CONSOLE_PAGES = [
  { name: 'dashboard', path: '', title: '工作台', en: 'Dashboard', icon: 'HomeFilled', roles: '*' },
  { name: 'regions', path: 'regions', title: '区划', en: 'Regions', icon: 'MapLocation', roles: MANAGERS, write: ['admin'], group: 'org' },
  { name: 'departments', path: 'departments', title: '部门', en: 'Departments', icon: 'OfficeBuilding', roles: MANAGERS, write: ['admin'], group: 'org' },
  { name: 'staff', path: 'staff', title: '人员', en: 'Staff', icon: 'User', roles: MANAGERS, write: ['admin'], group: 'org' },
  { name: 'halls', path: 'halls', title: '大厅', en: 'Halls', icon: 'School', roles: MANAGERS, write: ['admin', 'hall_manager'], group: 'hall' },
  { name: 'windows', path: 'windows', title: '窗口', en: 'Windows', icon: 'Postcard', roles: MANAGERS, write: ['admin', 'hall_manager'], group: 'hall' },
  { name: 'desk', path: 'desk', title: '窗口工作台', en: 'Window desk', icon: 'Microphone', roles: ['clerk', 'hall_manager', 'admin'], write: ['clerk', 'hall_manager', 'admin'], group: 'queue' },
  { name: 'hall-live', path: 'hall-live', title: '大厅实况', en: 'Live board', icon: 'Monitor', roles: ['clerk', ...MANAGERS], group: 'queue' },
  { name: 'appointments', path: 'appointments', title: '预约名单', en: 'Appointments', icon: 'Tickets', roles: ['clerk', ...MANAGERS], write: ['clerk', 'admin', 'hall_manager'], group: 'queue' },
  { name: 'queues', path: 'queues', title: '队列设置', en: 'Queues', icon: 'Operation', roles: MANAGERS, write: ['admin', 'hall_manager'], group: 'queue' },
  { name: 'appt-sessions', path: 'appointments/sessions', title: '预约时段', en: 'Booking sessions', icon: 'Clock', roles: MANAGERS, write: ['admin', 'hall_manager'], group: 'queue' },
  { name: 'release-advice', path: 'release-advice', title: '放号建议', en: 'Release advice', icon: 'TrendCharts', roles: MANAGERS, write: ['admin', 'hall_manager'], group: 'queue' },
  { name: 'queue-stats', path: 'queue-stats', title: '排队统计', en: 'Queue statistics', icon: 'DataLine', roles: MANAGERS, group: 'queue' },
  { name: 'case-intake', path: 'cases/intake', title: '综合受理', en: 'Intake', icon: 'Tickets', roles: ['clerk', 'admin'], write: ['clerk', 'admin'], group: 'cases' },
  { name: 'case-issue', path: 'cases/issue', title: '统一出件', en: 'Issuing window', icon: 'Postcard', roles: ['clerk', 'admin'], write: ['clerk', 'admin'], group: 'cases' },
  { name: 'case-inbox', path: 'cases/inbox', title: '审批工作台', en: 'Department workbench', icon: 'Operation', roles: ['approver', 'supervisor', 'admin'], write: ['approver', 'admin'], group: 'cases' },
  { name: 'case-warnings', path: 'cases/warnings', title: '预警督办', en: 'Yellow and red cases', icon: 'Clock', roles: ['supervisor', 'admin'], group: 'cases' },
  { name: 'cases', path: 'cases', title: '办件查询', en: 'Cases', icon: 'Document', roles: ['clerk', 'approver', 'supervisor', 'hall_manager', 'admin'], group: 'cases' },
  { name: 'case-detail', path: 'cases/:id(\\d+)', title: '办件详情', en: 'Case', roles: ['clerk', 'approver', 'supervisor', 'hall_manager', 'admin'], parent: 'cases' },
  { name: 'case-file-scan', path: 'cases/files/scan', title: '物料交接', en: 'Paper-file hand-over', icon: 'Tickets', roles: ['clerk', 'approver', 'hall_manager', 'admin'], write: ['clerk', 'approver', 'hall_manager', 'admin'], group: 'cases' },
  { name: 'case-files', path: 'cases/files', title: '物料跟踪', en: 'Paper-file tracker', icon: 'MapLocation', roles: ['supervisor', 'hall_manager', 'admin'], group: 'cases' },
  { name: 'case-stats', path: 'cases/stats', title: '办件统计', en: 'Case statistics', icon: 'DataAnalysis', roles: ['supervisor', 'hall_manager', 'approver', 'admin'], group: 'cases' },
  { name: 'hotline-intake', path: 'hotline/intake', title: '话务受理', en: 'Hotline intake', icon: 'Microphone', roles: ['hotline_agent'], write: ['hotline_agent'], group: 'hotline' },
  { name: 'hotline-orders', path: 'hotline/orders', title: '工单查询', en: 'Work orders', icon: 'Tickets', roles: HOTLINE_READERS, group: 'hotline' },
  { name: 'hotline-order', path: 'hotline/orders/:id(\\d+)', title: '工单详情', en: 'Work order', roles: HOTLINE_READERS, parent: 'hotline-orders' },
  { name: 'hotline-dept', path: 'hotline/department', title: '部门工单', en: 'Department orders', icon: 'Postcard', roles: ['hotline_handler'], write: ['hotline_handler'], group: 'hotline' },
  { name: 'hotline-supervise', path: 'hotline/supervision', title: '中心督办', en: 'Supervision', icon: 'Monitor', roles: ['hotline_agent', 'supervisor'], write: ['hotline_agent', 'supervisor'], group: 'hotline' },
  { name: 'hotline-kpis', path: 'hotline/kpis', title: '热线指标', en: 'Hotline KPIs', icon: 'DataAnalysis', roles: HOTLINE_READERS, group: 'hotline' },
  { name: 'knowledge', path: 'knowledge', title: '知识库', en: 'Knowledge base', icon: 'Collection', roles: HOTLINE_READERS, write: ['hotline_handler', 'hotline_agent', 'supervisor', 'admin'], group: 'hotline' },
  { name: 'items', path: 'items', title: '事项目录', en: 'Service catalogue', icon: 'Collection', roles: '*', write: CATALOGUE_WRITERS, group: 'catalogue' },
  { name: 'item-new', path: 'items/new', title: '新增事项', en: 'New item', roles: CATALOGUE_WRITERS, write: CATALOGUE_WRITERS, parent: 'items' },
  { name: 'item-import', path: 'items/import', title: '导入事项', en: 'Import', roles: CATALOGUE_WRITERS, write: CATALOGUE_WRITERS, parent: 'items' },
  { name: 'item-edit', path: 'items/:id(\\d+)', title: '事项详情', en: 'Item', roles: '*', write: CATALOGUE_WRITERS, parent: 'items' },
  { name: 'item-history', path: 'items/:id(\\d+)/history', title: '版本历史', en: 'Versions', roles: '*', parent: 'items' },
  { name: 'catalogue-kpis', path: 'catalogue/kpis', title: '事项指标', en: 'Catalogue KPIs', icon: 'DataAnalysis', roles: '*', group: 'catalogue' },
  { name: 'audit', path: 'audit', title: '审计日志', en: 'Audit log', icon: 'Document', roles: ['admin', 'supervisor'], group: 'sys' },
  { name: 'outbox', path: 'outbox', title: '消息发件箱', en: 'Outbox', icon: 'Message', roles: ['admin'], group: 'sys' },
  { name: 'calendar', path: 'calendar', title: '工作日历', en: 'Working-day calendar', icon: 'Calendar', roles: ['admin'], write: ['admin'], group: 'sys' },
  { name: 'api-keys', path: 'api-keys', title: 'API 密钥', en: 'API keys', icon: 'Operation', roles: ['admin'], write: ['admin'], group: 'sys' },
  // 好差评 (docs/ratings.md "Who sees what"): the department's workbench, the supervisor's callbacks and appeals, the figures.
  { name: 'rating-rectify', path: 'ratings/rectifications', title: '差评整改', en: 'Rectification', icon: 'Operation', roles: ['approver', 'supervisor', 'hall_manager', 'admin'], write: ['approver', 'supervisor', 'admin'], group: 'ratings' },
  { name: 'rating-callbacks', path: 'ratings/callbacks', title: '差评回访', en: 'Callbacks', icon: 'Microphone', roles: ['supervisor', 'admin'], write: ['supervisor', 'admin'], group: 'ratings' },
  { name: 'rating-appeals', path: 'ratings/appeals', title: '申诉复核', en: 'Appeals', icon: 'Document', roles: ['supervisor', 'approver', 'admin'], write: ['supervisor', 'admin'], group: 'ratings' },
  { name: 'rating-figures', path: 'ratings/figures', title: '评价统计', en: 'Rating figures', icon: 'DataAnalysis', roles: ['hall_manager', 'approver', 'supervisor', 'admin'], group: 'ratings' },
  { name: 'ratings', path: 'ratings', title: '评价查询', en: 'Ratings', icon: 'Tickets', roles: ['clerk', 'hall_manager', 'approver', 'supervisor', 'admin'], group: 'ratings' },
  { name: 'rating-settings', path: 'ratings/settings', title: '评价设置', en: 'Rating settings', icon: 'Setting', roles: ['supervisor', 'admin'], write: ['admin'], group: 'ratings' },
];

/** Pages with a menu entry of their own (sub-pages such as an item's editor have a parent). */
export const MENU_PAGES = CONSOLE_PAGES.filter((p) => p.name !== 'dashboard' && !p.parent);

export const MENU_GROUPS = {
  catalogue: '事项管理',
  org: '组织机构',
  hall: '大厅管理',
  queue: '排队叫号',
  cases: '办件办理',
  hotline: '12345热线',
  ratings: '好差评',
  sys: '系统',
};

export function canOpen(page, roles) {
  if (!page) return false;
  if (page.roles === '*') return true;
  return (roles || []).some((r) => page.roles.includes(r));
}

export function canWrite(name, roles) {
  const page = CONSOLE_PAGES.find((p) => p.name === name);
  return !!page?.write && (roles || []).some((r) => page.write.includes(r));
}
