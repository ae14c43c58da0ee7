// Display names for the server's enum values (the server speaks English ids).
export const ROLE_LABELS = {
  admin: '系统管理员',
  catalogue_admin: '事项管理员',
  hall_manager: '大厅管理员',
  clerk: '窗口人员',
  approver: '审批人员',
  supervisor: '效能监督',
  hotline_agent: '12345话务员',
  hotline_handler: '部门工单处理人',
  citizen: '群众',
};
export const STAFF_ROLES = Object.keys(ROLE_LABELS).filter((r) => r !== 'citizen');

export const WINDOW_TYPES = {
  comprehensive: '综合受理',
  specialised: '专业窗口',
  issuing: '综合出件',
  consulting: '咨询',
  complaint: '办不成事反映',
  cross_region: '跨域通办',
};

export const REGION_LEVELS = {
  province: '省',
  city: '市',
  district: '区县',
  street: '街道',
  community: '社区',
};
export const REGION_LEVEL_ORDER = ['province', 'city', 'district', 'street', 'community'];

export const HALL_LEVELS = {
  district: '区级',
  street: '街道',
  community: '社区',
};

export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export const AUDIT_ACTIONS = {
  create: '新增',
  update: '修改',
  delete: '删除',
  login: '登录',
  logout: '退出',
  login_failed: '登录失败',
  login_refused: '拒绝登录',
  lockout: '账号锁定',
  password_change: '修改密码',
};
export const AUDIT_ENTITIES = {
  region: '区划',
  department: '部门',
  hall: '大厅',
  window: '窗口',
  staff: '人员',
  session: '会话',
  citizen: '群众',
};

export const OUTBOX_STATUS = { pending: '待发送', sent: '已发送', failed: '发送失败' };
export const OUTBOX_CHANNELS = { sms: '短信', email: '邮件' };

export const label = (map, v) => (v == null || v === '' ? '—' : map[v] || v);
export const roleLabel = (r) => (r === 'system' ? '系统' : label(ROLE_LABELS, r));

// Field names as they appear in audit summaries.
export const FIELD_LABELS = {
  name: '名称', code: '代码', level: '层级', parent_id: '上级区划', short_name: '简称',
  credit_code: '信用代码', region_id: '区划', chief_rep: '首席代表', phone: '电话',
  address: '地址', hours: '办公时间', hall_id: '大厅', number: '窗口号', type: '类型',
  department_ids: '服务部门', queue_codes: '叫号队列', is_open: '开放', username: '用户名',
  department_id: '部门', roles: '角色', active: '启用', method: '方式', locked: '已锁定',
  locked_until: '锁定至',
};

// Short Chinese names of the error registry's entries (include/yw/errors.def),
// for reports that list errors by name (an import's per-row report).
export const ERROR_LABELS = {
  BAD_JSON: '不是合法的 JSON', BAD_TYPE: '类型错误', MISSING_FIELD: '缺少必填项', UNKNOWN_FIELD: '未定义的字段',
  TOO_LONG: '内容过长', BAD_UTF8: '不是合法的 UTF-8 文本', OUT_OF_RANGE: '数值超出范围', BAD_ENUM: '取值不在允许的列表中',
  BAD_FORMAT: '格式不正确', INVALID_CREDIT_CODE: '统一社会信用代码校验失败', INVALID_PHONE: '电话号码格式不正确',
  INVALID_REGION_CODE: '行政区划代码不正确', NOT_FOUND: '对象不存在', DUPLICATE: '重复', REF_NOT_FOUND: '引用的对象不存在',
  FORBIDDEN_SCOPE: '超出管辖范围', ITEM_INCONSISTENT: '事项要素之间不一致', CODE_TAKEN: '实施编码已被占用',
  ITEM_STATE: '事项当前状态不允许', ITEM_IMMUTABLE: '编码和区划不能修改', ITEM_NO_DRAFT: '没有待发布的草稿',
};
