/* Demo data of the 12345 hotline (part of `yiwang seed demo`): a category
 * tree of 8 areas and 39 leaves, the dispatch catalogue of 源城区 (with a
 * street-level and a city-level rule to show specificity), hotline
 * handlers for the departments that get orders, and about 200 orders of
 * the last 30 days in every state, each taken through the same domain
 * steps as the API with the time of the step (so events, deadlines and
 * overdue flags are what they would have been). Idempotent: categories by
 * code, rules by category and region, staff by user name; orders only when
 * there are none yet. Deterministic for a given clock. */
#include "hotline_internal.h"
#include "yw/calendar_svc.h"
#include "yw/crud.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct yw_actor seeder = {
	.user_id = 0,
	.name = "seed",
	.role = "admin",
	.roles = YW_ROLE_ADMIN,
	.request_id = "seed-demo",
};

/* code, name, parent code, handle_days, urgent_handle_days, reply_days, sample text */
static const struct cat {
	const char *code, *name, *parent;
	int handle, urgent, reply;
	const char *sample;
} cats[] = {
	{"CJ", "城乡建设", NULL, 5, 1, 0, NULL},
	{"CJ01", "住房保障", "CJ", 0, 0, 0, NULL},
	{"CJ0101", "物业管理", "CJ01", 0, 0, 0, "小区物业长期不打扫楼道，电梯坏了一周没人修，业主多次反映无果"},
	{"CJ0102", "公租房申请", "CJ01", 0, 0, 0, "咨询公租房申请条件和需要准备的材料，排队要多久"},
	{"CJ0103", "房屋质量", "CJ01", 0, 0, 0, "新交付的房子外墙渗水，卫生间天花板漏水，开发商推诿不处理"},
	{"CJ02", "市政设施", "CJ", 3, 1, 0, NULL},
	{"CJ0201", "路灯故障", "CJ02", 0, 0, 0, "路段路灯连续多晚不亮，夜间行人和电动车很危险"},
	{"CJ0202", "窨井盖缺失", "CJ02", 0, 0, 0, "人行道上窨井盖缺失，只用树枝挡着，容易有人掉下去"},
	{"CJ0203", "道路破损", "CJ02", 0, 0, 0, "路面坑洼积水，车辆经过溅水，下雨天无法通行"},
	{"CJ03", "违章建筑", "CJ", 0, 0, 0, NULL},
	{"CJ0301", "违法搭建", "CJ03", 0, 0, 0, "楼顶有住户私自加盖铁皮房，存在安全隐患，请查处"},
	{"CJ0302", "占道经营", "CJ03", 0, 0, 0, "门口商贩长期占用人行道摆摊，行人只能走机动车道"},
	{"SC", "市场监管", NULL, 0, 0, 0, NULL},
	{"SC01", "食品安全", "SC", 0, 0, 0, NULL},
	{"SC0101", "餐饮卫生", "SC01", 0, 0, 0, "在餐馆吃饭后全家腹泻，怀疑食材不新鲜，后厨卫生很差"},
	{"SC0102", "过期食品", "SC01", 0, 0, 0, "在超市买到过期的牛奶，商家拒绝退换，要求查处"},
	{"SC0103", "无证经营", "SC01", 0, 0, 0, "巷子里有作坊无证生产糕点，环境脏乱，向周边商店批发"},
	{"SC02", "消费维权", "SC", 0, 0, 0, NULL},
	{"SC0201", "预付卡退费", "SC02", 0, 0, 0, "健身房突然关门，办的年卡还有八个月没用，要求退费"},
	{"SC0202", "虚假宣传", "SC02", 0, 0, 0, "商家宣传保健品能治病，老人买了几千元，请求查处虚假宣传"},
	{"SC0203", "价格欺诈", "SC02", 0, 0, 0, "商店标价与结账价格不一致，多收费用，店员不承认"},
	{"SC03", "特种设备", "SC", 2, 1, 0, NULL},
	{"SC0301", "电梯故障", "SC03", 0, 0, 0, "小区电梯经常停运，昨天还有人被困半小时，请安排检验"},
	{"JT", "交通运输", NULL, 0, 0, 0, NULL},
	{"JT01", "公共交通", "JT", 0, 0, 0, NULL},
	{"JT0101", "公交线路", "JT01", 0, 0, 0, "建议增开到高铁站的公交线路，早晚高峰车太少"},
	{"JT0102", "公交服务", "JT01", 0, 0, 0, "公交司机不等乘客坐稳就急刹急开，态度恶劣"},
	{"JT02", "出租车网约车", "JT", 0, 0, 0, NULL},
	{"JT0201", "拒载绕路", "JT02", 0, 0, 0, "出租车司机拒载短途乘客，还故意绕路多收费"},
	{"JT0202", "网约车投诉", "JT02", 0, 0, 0, "网约车司机中途要求加价，不同意就让下车"},
	{"JT03", "道路交通", "JT", 0, 0, 0, NULL},
	{"JT0301", "交通信号灯", "JT03", 0, 0, 0, "路口红绿灯时间太短，老人过马路来不及，建议调整"},
	{"JT0302", "停车管理", "JT03", 0, 0, 0, "小区门口车辆乱停乱放，消防通道被堵，请处理"},
	{"HB", "环境保护", NULL, 0, 0, 0, NULL},
	{"HB01", "噪声污染", "HB", 3, 1, 0, NULL},
	{"HB0101", "施工噪声", "HB01", 0, 0, 0, "工地晚上十一点后还在施工打桩，噪音大，影响休息"},
	{"HB0102", "社会生活噪声", "HB01", 0, 0, 0, "楼下广场舞音响声音太大，每晚持续到十点以后"},
	{"HB0103", "餐饮油烟", "HB01", 0, 0, 0, "楼下烧烤店每晚油烟扰民，油烟直排进住户窗户"},
	{"HB02", "水污染", "HB", 0, 0, 0, NULL},
	{"HB0201", "河道污染", "HB02", 0, 0, 0, "河道里漂浮大量垃圾，河水发黑发臭"},
	{"HB0202", "污水直排", "HB02", 0, 0, 0, "有工厂夜间往雨水管排放污水，气味刺鼻"},
	{"HB03", "大气污染", "HB", 0, 0, 0, NULL},
	{"HB0301", "工业废气", "HB03", 0, 0, 0, "附近工厂烟囱冒黑烟，空气中有刺鼻气味"},
	{"HB0302", "露天焚烧", "HB03", 0, 0, 0, "有人在空地露天焚烧垃圾和电线，浓烟很大"},
	{"RS", "劳动社保", NULL, 7, 2, 2, NULL},
	{"RS01", "劳动关系", "RS", 0, 0, 0, NULL},
	{"RS0101", "拖欠工资", "RS01", 0, 0, 0, "公司拖欠三个月工资不发，多次讨要无果，请求帮助"},
	{"RS0102", "劳动合同", "RS01", 0, 0, 0, "入职半年公司一直不签劳动合同，也不交社保"},
	{"RS02", "社会保险", "RS", 0, 0, 0, NULL},
	{"RS0201", "社保缴费", "RS02", 0, 0, 0, "咨询灵活就业人员社保怎么缴费，断缴后能否补缴"},
	{"RS0202", "社保卡办理", "RS02", 0, 0, 0, "咨询社保卡丢失补办需要什么材料，在哪里办理"},
	{"YL", "医疗保障", NULL, 0, 0, 0, NULL},
	{"YL01", "医保业务", "YL", 0, 0, 0, NULL},
	{"YL0101", "医保报销", "YL01", 0, 0, 0, "住院费用医保报销比例有疑问，部分药品没有报销"},
	{"YL0102", "异地就医", "YL01", 0, 0, 0, "咨询异地就医备案怎么办理，在外地住院能否直接结算"},
	{"CG", "城市管理", NULL, 0, 0, 0, NULL},
	{"CG01", "市容环卫", "CG", 2, 1, 0, NULL},
	{"CG0101", "垃圾清运", "CG01", 0, 0, 0, "小区垃圾站几天没人清运，臭味很大，蚊蝇很多"},
	{"CG0102", "公厕管理", "CG01", 0, 0, 0, "公园公厕长期锁门，开放时间不固定"},
	{"CG02", "园林绿化", "CG", 0, 0, 0, NULL},
	{"CG0201", "树木修剪", "CG02", 0, 0, 0, "路边大树树枝伸到电线上，台风天容易出事，请修剪"},
	{"ZX", "政务咨询", NULL, 2, 1, 0, NULL},
	{"ZX01", "政务服务", "ZX", 0, 0, 0, NULL},
	{"ZX0101", "办事指南", "ZX01", 0, 0, 0, "咨询办理营业执照需要哪些材料，能否网上办理"},
	{"ZX0102", "政策咨询", "ZX01", 0, 0, 0, "咨询新生儿入户的办理流程和需要的证明"},
};

#define D_ZSJ  "河源市源城区政务服务数据管理局"
#define D_GA   "河源市公安局源城分局"
#define D_SCJG "河源市源城区市场监督管理局"
#define D_RS   "河源市源城区人力资源和社会保障局"
#define D_YB   "河源市源城区医疗保障局"
#define D_ZJ   "河源市源城区住房和城乡建设局"
#define D_ZY   "河源市自然资源局源城分局"
#define D_JT   "河源市源城区交通运输局"
#define D_SW   "河源市源城区水务局"
#define D_CG   "河源市源城区城市管理和综合执法局"
#define D_STHJ "河源市生态环境局源城分局"

/* The catalogue: category, region code, lead, assisting (up to 2). */
static const struct rule {
	const char *category, *region, *lead, *assist[2];
} rules[] = {
	{"CJ01", "441602", D_ZJ, {NULL}},      {"CJ0101", "441602", D_ZJ, {D_SCJG}},
	{"CJ02", "441602", D_CG, {D_ZJ}},      {"CJ03", "441602", D_CG, {D_ZY}},
	{"SC01", "441602", D_SCJG, {NULL}},    {"SC02", "441602", D_SCJG, {NULL}},
	{"SC03", "441602", D_SCJG, {D_ZJ}},    {"JT01", "441602", D_JT, {NULL}},
	{"JT02", "441602", D_JT, {D_GA}},      {"JT03", "441602", D_GA, {D_JT}},
	{"JT", "441600", D_JT, {NULL}},	       {"HB01", "441602", D_STHJ, {D_CG}},
	{"HB0101", "441602", D_ZJ, {D_STHJ}},  {"HB0103", "441602", D_CG, {D_STHJ}},
	{"HB01", "441602001", D_CG, {D_STHJ}}, {"HB02", "441602", D_STHJ, {D_SW}},
	{"HB03", "441602", D_STHJ, {NULL}},    {"RS01", "441602", D_RS, {NULL}},
	{"RS02", "441602", D_RS, {NULL}},      {"YL01", "441602", D_YB, {NULL}},
	{"CG01", "441602", D_CG, {NULL}},      {"CG02", "441602", D_CG, {NULL}},
	{"ZX01", "441602", D_ZSJ, {NULL}},
};

/* Handlers for the departments that get orders (handler_cg and handler_zj
 * come with the demo district). */
static const struct person {
	const char *username, *name, *phone, *department, *role;
} people[] = {
	{"agent02", "黄嘉欣", "13800000101", D_ZSJ, "hotline_agent"},
	{"handler_scjg", "邓伟强", "13800000102", D_SCJG, "hotline_handler"},
	{"handler_sthj", "李秋萍", "13800000103", D_STHJ, "hotline_handler"},
	{"handler_jt", "周国华", "13800000104", D_JT, "hotline_handler"},
	{"handler_rs", "何丽娟", "13800000105", D_RS, "hotline_handler"},
	{"handler_ga", "陈志强", "13800000106", D_GA, "hotline_handler"},
	{"handler_yb", "吴雪梅", "13800000107", D_YB, "hotline_handler"},
	{"handler_cg2", "钟建平", "13800000108", D_CG, "hotline_handler"},
};

static const struct place {
	const char *region, *address;
} places[] = {
	{"441602001001", "源城区太平社区文明路18号"},	 {"441602001001", "源城区太平社区中山街45号"},
	{"441602001002", "源城区上城社区上城路9号"},	 {"441602001002", "源城区上城社区新风路120号"},
	{"441602002001", "源城区新江社区新江路12号"},	 {"441602002001", "源城区新江社区建设大道66号"},
	{"441602002002", "源城区沿江社区沿江中路88号"},	 {"441602002002", "源城区沿江社区滨江花园3栋"},
	{"441602003001", "源城区东埔社区东埔大道201号"}, {"441602003001", "源城区东埔社区宝源路7号"},
	{"441602004001", "源城区源西社区源西大道33号"},	 {"441602004001", "源城区源西社区公园西路5号"},
};

static const char *const surnames = "陈李张黄刘林吴王杨郑赖钟邱曾叶罗";

static int64_t find_id(struct yw_store *s, struct yw_entity *e, const char *column, const char *value)
{
	int64_t id = 0;
	return value && yw_crud_find_id(s, e, column, value, &id) == YW_OK ? id : 0;
}

static int create(struct yw_store *s, struct yw_rec *rec, const char *what)
{
	struct yw_error err = {0};
	int st = yw_crud_create(s, &seeder, rec, &err);
	if (st)
		fprintf(stderr, "seed: hotline %s refused: %s %s (%s)\n", what, yw_err_name(err.err), err.detail,
			err.field);
	yw_rec_free(rec);
	return st ? 1 : 0;
}

static int seed_categories(struct yw_store *s)
{
	int failed = 0;
	for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
		const struct cat *k = &cats[i];
		if (find_id(s, &yw_entity_hotline_category, "code", k->code))
			continue;
		struct yw_rec *rec = yw_rec_new(&yw_entity_hotline_category);
		yw_val_set_text(yw_rec_val(rec, "code"), k->code);
		yw_val_set_text(yw_rec_val(rec, "name"), k->name);
		int64_t parent = find_id(s, &yw_entity_hotline_category, "code", k->parent);
		if (parent)
			yw_val_set_int(yw_rec_val(rec, "parent_id"), parent);
		if (k->handle)
			yw_val_set_int(yw_rec_val(rec, "handle_days"), k->handle);
		if (k->urgent)
			yw_val_set_int(yw_rec_val(rec, "urgent_handle_days"), k->urgent);
		if (k->reply)
			yw_val_set_int(yw_rec_val(rec, "reply_days"), k->reply);
		yw_val_set_int(yw_rec_val(rec, "sort_order"), (int64_t)i);
		failed += create(s, rec, k->code);
	}
	return failed;
}

struct exists_ctx {
	int64_t category_id, region_id;
	bool found;
};

static int exists_tx(struct yw_conn *c, void *p)
{
	struct exists_ctx *x = p;
	return yw_hs_rule_exists(c, x->category_id, x->region_id, 0, &x->found);
}

static int seed_rules(struct yw_store *s)
{
	int failed = 0;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const struct rule *k = &rules[i];
		struct exists_ctx x = {find_id(s, &yw_entity_hotline_category, "code", k->category),
				       find_id(s, &yw_entity_region, "code", k->region), false};
		int64_t lead = find_id(s, &yw_entity_department, "name", k->lead);
		if (!x.category_id || !x.region_id || !lead) {
			fprintf(stderr, "seed: hotline rule %s/%s: missing category, region or department\n",
				k->category, k->region);
			failed++;
			continue;
		}
		if (yw_store_tx(s, YW_TX_READ, exists_tx, &x) != YW_OK) {
			failed++;
			continue;
		}
		if (x.found)
			continue;
		struct yw_rec *rec = yw_rec_new(&yw_entity_hotline_rule);
		yw_val_set_int(yw_rec_val(rec, "category_id"), x.category_id);
		yw_val_set_int(yw_rec_val(rec, "region_id"), x.region_id);
		yw_val_set_int(yw_rec_val(rec, "lead_department_id"), lead);
		struct yw_buf ids = {0};
		for (int j = 0; j < 2 && k->assist[j]; j++)
			yw_buf_printf(&ids, "%s%lld,", ids.len ? "" : ",",
				      (long long)find_id(s, &yw_entity_department, "name", k->assist[j]));
		yw_val_set_text(yw_rec_val(rec, "assist_department_ids"), ids.data ? ids.data : "");
		yw_buf_free(&ids);
		failed += create(s, rec, k->category);
	}
	return failed;
}

static int seed_people(struct yw_store *s, const char *password)
{
	int failed = 0;
	int64_t district = find_id(s, &yw_entity_region, "code", "441602");
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		const struct person *p = &people[i];
		if (find_id(s, &yw_entity_staff, "username", p->username))
			continue;
		struct yw_rec *rec = yw_rec_new(&yw_entity_staff);
		char roles[40];
		snprintf(roles, sizeof roles, "[\"%s\"]", p->role);
		yw_val_set_text(yw_rec_val(rec, "username"), p->username);
		yw_val_set_text(yw_rec_val(rec, "name"), p->name);
		yw_val_set_text(yw_rec_val(rec, "phone"), p->phone);
		yw_val_set_text(yw_rec_val(rec, "roles"), roles);
		yw_val_set_int(yw_rec_val(rec, "department_id"),
			       find_id(s, &yw_entity_department, "name", p->department));
		yw_val_set_int(yw_rec_val(rec, "region_id"), district);
		yw_val_set_text(yw_rec_val(rec, "password"), password);
		failed += create(s, rec, p->username);
	}
	return failed;
}

/* ---- orders ---- */

struct sim {
	uint64_t rng;
	int64_t now, district, agent_id;
	const struct yw_calendar *cal;
	struct yw_actor agent, handler, supervisor;
	char handler_name[160];
	int64_t leaf_ids[64];
	const struct cat *leaves[64];
	int nleaves;
	int from, to;	     /* orders of this batch */
	int64_t last_master; /* an open order a duplicate can merge into */
	const struct cat *last_leaf;
	int last_place;
	int64_t last_t0;
};

static uint32_t rnd(struct sim *x, uint32_t n)
{
	x->rng ^= x->rng << 13;
	x->rng ^= x->rng >> 7;
	x->rng ^= x->rng << 17;
	return n ? (uint32_t)(x->rng % n) : 0;
}

enum { MIN_MS = 60000, HOUR_MS = 3600000 };

/* One step at time t, as the department when dep != 0. Fails (and the
 * batch with it) on any refusal: the demo data must follow the rules. */
static int step(struct yw_conn *c, struct sim *x, int64_t id, int64_t t, enum yw_hl_action a,
		const struct yw_hl_args *args, int64_t dep)
{
	struct yw_hl_ctx ctx = {&x->agent, x->cal, t};
	if (dep) {
		x->handler.scope.department_id = dep;
		ctx.who = &x->handler;
	} else if (a == YW_HL_URGE || a == YW_HL_SUPERVISE) {
		ctx.who = &x->supervisor;
	}
	struct yw_error err = {0};
	int st = yw_hl_act_tx(c, &ctx, id, a, args, NULL, &err);
	if (st)
		fprintf(stderr, "seed: hotline %s of order %lld refused: %s %s\n", yw_hl_action_names[a], (long long)id,
			yw_err_name(err.err), err.detail);
	return st;
}

static int load_deps(struct yw_conn *c, int64_t id, struct yw_hl_suggestion *sug)
{
	struct yw_hl_order o;
	int st = yw_hs_order_get(c, id, &o);
	int64_t chain[3];
	if (!st)
		st = yw_hl_category_chain(c, o.category_id, chain);
	if (!st)
		st = yw_hs_best_rule(c, chain, o.region_path, sug);
	yw_hl_order_clear(&o);
	return st;
}

/* Takes one order as far as its age and its lot allow; each step happens
 * only if its time has come (before now). */
static int play(struct yw_conn *c, struct sim *x, int i)
{
	int age_days = (int)rnd(x, 30);
	int64_t t0 = x->now - (int64_t)age_days * 24 * HOUR_MS - (int64_t)rnd(x, 10 * 60) * MIN_MS - 5 * MIN_MS;
	bool duplicate = false;
	const struct cat *leaf = x->leaves[rnd(x, (uint32_t)x->nleaves)];
	int place = (int)rnd(x, sizeof places / sizeof places[0]);
	if (x->last_master && i % 23 == 7) {
		/* A second call about the same thing, 20 minutes later. */
		leaf = x->last_leaf;
		place = x->last_place;
		t0 = x->last_t0 + 20 * MIN_MS;
		duplicate = t0 < x->now - MIN_MS;
	}
	int64_t leaf_id = 0;
	for (int k = 0; k < x->nleaves; k++)
		if (x->leaves[k] == leaf)
			leaf_id = x->leaf_ids[k];
	bool consult = !strncmp(leaf->code, "ZX", 2) || strstr(leaf->sample, "咨询") != NULL;
	static const char *const channels[] = {"phone", "phone", "phone", "phone", "web", "miniprogram", "app"};
	char phone[24], name[16];
	snprintf(phone, sizeof phone, "13%d%08u", 5 + (int)rnd(x, 5), rnd(x, 100000000));
	int si = (int)rnd(x, (uint32_t)(strlen(surnames) / 3));
	snprintf(name, sizeof name, "%.3s先生", surnames + si * 3);
	if (rnd(x, 2))
		snprintf(name, sizeof name, "%.3s女士", surnames + si * 3);
	char text[600];
	snprintf(text, sizeof text, "%s%s", duplicate ? "再次反映：" : "", leaf->sample);
	bool anonymous = !consult && rnd(x, 20) == 0;
	struct yw_hl_new in = {.channel = channels[rnd(x, 7)],
			       .type = consult			      ? "consult"
				       : strstr(leaf->sample, "建议") ? "suggestion"
				       : rnd(x, 4) == 0		      ? "report"
								      : "complaint",
			       .urgency = rnd(x, 12) == 0 ? "urgent" : "normal",
			       .anonymous = anonymous,
			       .caller_name = anonymous ? NULL : name,
			       .caller_phone = anonymous ? NULL : phone,
			       .category_id = leaf_id,
			       .region_code = places[place].region,
			       .address = places[place].address,
			       .description = text};
	struct yw_hl_ctx ctx = {&x->agent, x->cal, t0};
	struct yw_hl_order o;
	struct yw_error err = {0};
	int st = yw_hl_create_tx(c, &ctx, &in, &o, &err);
	if (st) {
		fprintf(stderr, "seed: hotline order refused: %s %s\n", yw_err_name(err.err), err.detail);
		return st;
	}
	int64_t id = o.id;
	yw_hl_order_clear(&o);
	int64_t t = t0 + 10 * MIN_MS, limit = x->now - MIN_MS;
	struct yw_hl_args a = {0};
	if (duplicate) {
		a.master_id = x->last_master;
		x->last_master = 0;
		return step(c, x, id, t, YW_HL_MERGE, &a, 0);
	}
	if (consult && rnd(x, 3)) {
		a.text = "已根据知识库答复市民办理条件、所需材料和办理地点。";
		return t > limit ? YW_OK : step(c, x, id, t - 5 * MIN_MS, YW_HL_ANSWER, &a, 0);
	}
	if (t > limit || rnd(x, 15) == 0)
		return YW_OK; /* still waiting for dispatch */
	struct yw_hl_suggestion sug;
	if ((st = load_deps(c, id, &sug)))
		return st;
	a.lead_department_id = sug.lead_department_id;
	a.nassist = sug.nassist > 2 ? 2 : sug.nassist;
	for (int k = 0; k < a.nassist; k++)
		a.assist_ids[k] = sug.assist_ids[k];
	a.strict = true;
	if ((st = step(c, x, id, t, YW_HL_DISPATCH, &a, 0)))
		return st;
	x->last_master = id;
	x->last_leaf = leaf;
	x->last_place = place;
	x->last_t0 = t0;
	/* The lead signs within hours, sometimes late, sometimes never. */
	int lot = (int)rnd(x, 100);
	t += (int64_t)(1 + rnd(x, lot < 10 ? 60 : 20)) * HOUR_MS;
	if (lot < 4 || t > limit)
		return YW_OK; /* never signed: overdue once its sign-by passes */
	if (lot < 10) {
		struct yw_hl_args ret = {.reason = "该事项不属于本部门职责，建议转交属地街道处理"};
		if ((st = step(c, x, id, t, YW_HL_RETURN, &ret, a.lead_department_id)))
			return st;
		t += 2 * HOUR_MS;
		if (lot < 6 || t > limit)
			return YW_OK; /* waits for the centre's arbitration */
		struct yw_hl_args arb = {.decision = "uphold", .reason = "经核实属于该部门职责，维持原派单"};
		if ((st = step(c, x, id, t, YW_HL_ARBITRATE, &arb, 0)))
			return st;
		t += HOUR_MS;
	}
	struct yw_hl_args none = {0};
	for (int k = -1; k < a.nassist; k++) {
		int64_t dep = k < 0 ? a.lead_department_id : a.assist_ids[k];
		if ((st = step(c, x, id, t + (k + 1) * 10 * MIN_MS, YW_HL_SIGN, &none, dep)))
			return st;
	}
	if (lot >= 90 && t + HOUR_MS < limit) {
		struct yw_hl_args p = {.reason = "需市民补充现场照片，等待市民回复"};
		if ((st = step(c, x, id, t + HOUR_MS, YW_HL_PAUSE, &p, a.lead_department_id)))
			return st;
		if (lot >= 95)
			return YW_OK; /* still waiting on the citizen */
		t += (int64_t)(24 + rnd(x, 24)) * HOUR_MS;
		if (t > limit)
			return YW_OK;
		if ((st = step(c, x, id, t, YW_HL_RESUME, &none, a.lead_department_id)))
			return st;
	}
	if (lot >= 80 && lot < 84 && t + 2 * HOUR_MS < limit) {
		struct yw_hl_args u = {.reason = "市民多次来电催促，请尽快办理"};
		if ((st = step(c, x, id, t + 2 * HOUR_MS, YW_HL_URGE, &u, 0)))
			return st;
	}
	t += (int64_t)(12 + rnd(x, 96)) * HOUR_MS;
	if (t > limit)
		return YW_OK; /* being handled */
	struct yw_hl_args rep = {.measures = "已安排工作人员到现场核查，约谈相关责任方并责令整改。",
				 .result = "问题已整改完毕，已电话告知市民处理结果。"};
	for (int k = a.nassist - 1; k >= -1; k--) {
		int64_t dep = k < 0 ? a.lead_department_id : a.assist_ids[k];
		if ((st = step(c, x, id, t - (k + 1) * 10 * MIN_MS, YW_HL_REPLY, &rep, dep)))
			return st;
	}
	t += (int64_t)(1 + rnd(x, 6)) * HOUR_MS;
	if (t > limit || lot % 17 == 0)
		return YW_OK; /* waiting for the centre's review */
	struct yw_hl_args rev = {.decision = "accept"};
	if ((st = step(c, x, id, t, YW_HL_REVIEW, &rev, 0)))
		return st;
	if (anonymous)
		x->last_master = 0; /* closed without a callback */
	t += (int64_t)(1 + rnd(x, 20)) * HOUR_MS;
	if (t > limit || anonymous)
		return YW_OK;
	bool unhappy = rnd(x, 10) == 0;
	struct yw_hl_args cb = {.solved = !unhappy || rnd(x, 2),
				.satisfied = !unhappy,
				.note = unhappy ? "市民认为问题未根本解决" : NULL};
	if ((st = step(c, x, id, t, YW_HL_CALLBACK, &cb, 0)))
		return st;
	x->last_master = 0; /* closed: a later call is a new order */
	t += 2 * HOUR_MS;
	if (!unhappy || t > limit || rnd(x, 2))
		return YW_OK;
	struct yw_hl_args re = {.reason = "市民对处理结果不满意，要求重新办理"};
	return step(c, x, id, t, YW_HL_REOPEN, &re, 0);
}

static int batch_tx(struct yw_conn *c, void *p)
{
	struct sim *x = p;
	struct sim start = *x;
	for (int i = x->from; i < x->to; i++) {
		int st = play(c, x, i);
		if (st) {
			*x = start; /* the transaction rolls back: so does the simulation */
			return st;
		}
	}
	return YW_OK;
}

struct count_ctx {
	int64_t n;
};

static int count_tx(struct yw_conn *c, void *p) { return yw_hs_order_count(c, &((struct count_ctx *)p)->n); }

enum { ORDERS = 200, BATCH = 25 };

static int seed_orders(struct yw_store *s)
{
	struct count_ctx cc = {0};
	if (yw_store_tx(s, YW_TX_READ, count_tx, &cc) || cc.n)
		return 0;
	struct yw_calendar *cal = NULL;
	int64_t version = 0;
	struct yw_error err = {0};
	if (yw_calendar_build(s, &cal, &version, &err) != YW_OK)
		return 1;
	/* Deadlines need the calendar from a month back to a few months ahead;
	 * without it the orders are left out rather than guessed. */
	int64_t now = yw_now_ms();
	int first = yw_date_from_epoch_ms_shanghai(now - 31 * 24 * (int64_t)HOUR_MS).y,
	    last = yw_date_from_epoch_ms_shanghai(now + 30 * 24 * (int64_t)HOUR_MS).y;
	for (int y = first; y <= last; y++)
		if (!yw_calendar_has_year(cal, y)) {
			fprintf(stderr, "seed: hotline demo orders left out: no working-day calendar for %d\n", y);
			yw_calendar_free(cal);
			return 0;
		}
	struct sim x = {.rng = 0x2545F4914F6CDD1DULL, .now = now, .cal = cal};
	x.district = find_id(s, &yw_entity_region, "code", "441602");
	x.agent = (struct yw_actor){.user_id = find_id(s, &yw_entity_staff, "username", "agent01"),
				    .name = "温晓琳",
				    .role = "hotline_agent",
				    .roles = YW_ROLE_HOTLINE_AGENT,
				    .scope = {.region_id = x.district},
				    .request_id = "seed-demo"};
	x.handler = (struct yw_actor){.name = "部门工单处理人",
				      .role = "hotline_handler",
				      .roles = YW_ROLE_HOTLINE_HANDLER,
				      .scope = {.region_id = x.district},
				      .request_id = "seed-demo"};
	x.supervisor = (struct yw_actor){.user_id = find_id(s, &yw_entity_staff, "username", "supervisor"),
					 .name = "谢国栋",
					 .role = "supervisor",
					 .roles = YW_ROLE_SUPERVISOR,
					 .scope = {.region_id = x.district},
					 .request_id = "seed-demo"};
	for (size_t i = 0; i < sizeof cats / sizeof cats[0] && x.nleaves < 64; i++)
		if (cats[i].sample) {
			x.leaves[x.nleaves] = &cats[i];
			x.leaf_ids[x.nleaves++] = find_id(s, &yw_entity_hotline_category, "code", cats[i].code);
		}
	int failed = 0;
	for (int from = 0; from < ORDERS; from += BATCH) {
		x.from = from;
		x.to = from + BATCH;
		if (yw_store_tx(s, YW_TX_WRITE, batch_tx, &x) != YW_OK)
			failed++;
	}
	yw_calendar_free(cal);
	return failed;
}

int yw_hotline_seed_demo(struct yw_store *s, const char *staff_password)
{
	yw_hotline_entities_init();
	int failed = seed_categories(s);
	failed += seed_rules(s);
	failed += seed_people(s, staff_password);
	if (!failed)
		failed += seed_orders(s);
	return failed;
}
