// Which console pages exist and who may open them (`roles`) or change things
// on them (`write`), mirroring the server's read_roles / write_roles. Only
// pages that are built appear here: capabilities still under construction
// get no menu item.
const MANAGERS = ['admin', 'hall_manager', 'supervisor'];

export const CONSOLE_PAGES = [
  { name: 'dashboard', path: '', title: '工作台', en: 'Dashboard', icon: 'HomeFilled', roles: '*' },
  { name: 'regions', path: 'regions', title: '区划', en: 'Regions', icon: 'MapLocation', roles: MANAGERS, write: ['admin'], group: 'org' },
  { name: 'departments', path: 'departments', title: '部门', en: 'Departments', icon: 'OfficeBuilding', roles: MANAGERS, write: ['admin'], group: 'org' },
  { name: 'staff', path: 'staff', title: '人员', en: 'Staff', icon: 'User', roles: MANAGERS, write: ['admin'], group: 'org' },
  { name: 'halls', path: 'halls', title: '大厅', en: 'Halls', icon: 'School', roles: MANAGERS, write: ['admin', 'hall_manager'], group: 'hall' },
  { name: 'windows', path: 'windows', title: '窗口', en: 'Windows', icon: 'Postcard', roles: MANAGERS, write: ['admin', 'hall_manager'], group: 'hall' },
  { name: 'audit', path: 'audit', title: '审计日志', en: 'Audit log', icon: 'Document', roles: ['admin', 'supervisor'], group: 'sys' },
  { name: 'outbox', path: 'outbox', title: '消息发件箱', en: 'Outbox', icon: 'Message', roles: ['admin'], group: 'sys' },
];

export const MENU_GROUPS = {
  org: '组织机构',
  hall: '大厅管理',
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
