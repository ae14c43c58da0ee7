/* Demo cases (seed demo): about 300 cases of the demo catalogue taken in at
 * the district's halls over the last 30 days, played through the same
 * domain actions as the API with the clock set to each moment, so every
 * state, clock and notice is what real use would have left: 一次性告知 and
 * later supply, 容缺, 不予受理, 即办件, parallel departments, 补正 in review,
 * special procedures, extensions, refusals, pickups at another hall, post,
 * and cases left waiting that the sweep then marks yellow or red. A quarter
 * of the accepted cases have a paper file labelled at the front desk that
 * follows them to the departments, the issuing window and the archive. The
 * same inputs give the same cases (a fixed pseudo-random sequence from
 * "now"). Also the demo approvers and department heads cases need. */
#include "yw/case_file.h"
#include "yw/case_internal.h"
#include "yw/calendar_svc.h"
#include "yw/crud.h"
#include "yw/item_store.h"
#include "yw/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct yw_actor seeder = {
	.user_id = 0, .name = "seed", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "seed-demo",
};

/* ---- staff the cases need ---- */

struct person {
	const char *username, *name, *phone, *department;
	bool head;
};
static const struct person people[] = {
	{"approver_scjg2", "黄嘉欣", "13800000015", "河源市源城区市场监督管理局", false},
	{"approver_yb", "林晓东", "13800000016", "河源市源城区医疗保障局", false},
	{"head_scjg", "温建国", "13800000017", "河源市源城区市场监督管理局", true},
	{"head_rs", "蓝美华", "13800000018", "河源市源城区人力资源和社会保障局", true},
	{"head_ga", "丘志强", "13800000019", "河源市公安局源城分局", true},
	/* The department answerable for window service itself: bad reviews of
	 * a window with no item named go to it (docs/ratings.md). */
	{"approver_zwfw", "叶志明", "13800000020", "河源市源城区政务服务数据管理局", false},
};

static int64_t find_id(struct yw_store *s, const struct yw_entity *e, const char *column, const char *value)
{
	int64_t id = 0;
	return yw_crud_find_id(s, e, column, value, &id) == YW_OK ? id : 0;
}

static int seed_people(struct yw_store *s)
{
	int failed = 0;
	int64_t region = find_id(s, &yw_entity_region, "code", "441602");
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		const struct person *p = &people[i];
		int64_t dept = find_id(s, &yw_entity_department, "name", p->department);
		if (!dept || find_id(s, &yw_entity_staff, "username", p->username))
			continue;
		struct yw_rec *rec = yw_rec_new(&yw_entity_staff);
		yw_val_set_text(yw_rec_val(rec, "username"), p->username);
		yw_val_set_text(yw_rec_val(rec, "name"), p->name);
		yw_val_set_text(yw_rec_val(rec, "phone"), p->phone);
		yw_val_set_text(yw_rec_val(rec, "roles"), "[\"approver\"]");
		yw_val_set_int(yw_rec_val(rec, "department_id"), dept);
		if (region)
			yw_val_set_int(yw_rec_val(rec, "region_id"), region);
		yw_val_set_text(yw_rec_val(rec, "password"), "Demo@2026yw");
		struct yw_error err = {0};
		if (yw_crud_create(s, &seeder, rec, &err) != YW_OK) {
			fprintf(stderr, "seed: staff %s refused: %s %s\n", p->username, yw_err_name(err.err), err.detail);
			failed++;
		}
		yw_rec_free(rec);
	}
	/* Heads approve extensions (行政许可法第42条 本行政机关负责人). */
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		const struct person *p = &people[i];
		int64_t dept = find_id(s, &yw_entity_department, "name", p->department);
		int64_t id = find_id(s, &yw_entity_staff, "username", p->username);
		if (!p->head || !dept || !id)
			continue;
		int64_t *have = NULL;
		int n = 0;
		bool present = false;
		if (yw_case_heads_get(s, dept, &have, &n) == YW_OK)
			for (int k = 0; k < n; k++)
				present |= have[k] == id;
		if (!present) {
			have = yw_realloc(have, sizeof *have * (size_t)(n + 1));
			have[n++] = id;
			struct yw_case_env env = {s, NULL, &seeder, yw_now_ms()};
			struct yw_error err = {0};
			failed += yw_case_heads_set(&env, dept, have, n, &err) != YW_OK;
		}
		free(have);
	}
	return failed;
}

/* ---- the demo cases ---- */

struct demo_item {
	const char *code;
	bool enterprise;
};
static const struct demo_item items[] = {
	{"114416027071028524-0001", true},  /* 公司设立登记 */
	{"114416027071028524-0009", true},  /* 食品经营许可（新办）, 容缺 */
	{"114416027071028524-0006", false}, /* 个体工商户设立登记, 即办件 */
	{"11441602707104225N-0018", false}, /* 失业保障“一件事”, 人社 + 医保 */
	{"11441602707101489Y-0011", false}, /* 居住证申领, 容缺 */
	{"11441602707101489Y-0010", false}, /* 变更姓名登记 */
	{"11441602707101489Y-0017", false}, /* 养犬登记 */
	{"11441602707101489Y-0023", false}, /* 普通护照签发 */
	{"11441602707101489Y-0004", false}, /* 户口迁入（未成年子女投靠父母）, 即办件 */
	{"11441602707104225N-0017", false}, /* 退休“一件事” */
};
enum { NITEMS = sizeof items / sizeof items[0], TARGET = 300, DAYS = 30 };

static const char *const surnames[] = {"陈", "李", "张", "黄", "刘", "林", "叶", "钟", "邱", "罗", "曾", "温", "赖", "谢", "彭"};
static const char *const given[] = {"伟", "芳", "秀英", "志强", "丽华", "建华", "小红", "国平", "晓燕", "文斌", "海燕", "家豪"};
static const char *const companies[] = {"河源市源城区味香园餐饮有限公司", "河源市新江智造科技有限公司",
					"河源市东埔绿源农业有限公司",	 "河源市上城文化传播有限公司",
					"河源市源西物流有限公司",	 "河源市万绿湖食品贸易有限公司"};

/* A fixed sequence (a 64-bit LCG), so the demo is the same every time. */
static uint32_t next(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*state >> 33);
}

struct staff_ids {
	int64_t clerk[8];         /* by hall id (small demo ids) */
	char clerk_name[8][32];
	int64_t approver_scjg, approver_rs, approver_ga, approver_yb, head_scjg, head_rs, head_ga;
	int64_t dept_scjg, dept_rs, dept_ga, dept_yb;
	int64_t receiver[4], receiver_dept[4]; /* who takes paper files in, per department */
};

struct seed_ctx {
	struct yw_store *s;
	const struct yw_calendar *cal;
	int64_t now;
	uint64_t rng;
	struct staff_ids ids;
	int64_t region_id;
	int made;
};

struct one {
	struct seed_ctx *x;
	struct yw_conn *c;
	int64_t case_id;
	struct yw_actor clerk, approver;
	int64_t hall_id;
	char day[11]; /* the working day being played */
	char file[48]; /* the label of the case's paper file; "" without one */
	struct yw_error err;
};

static int64_t at(const char *day, int minute)
{
	struct yw_date d;
	if (yw_date_parse(day, &d, "day", NULL))
		return 0;
	return yw_date_midnight_ms_shanghai(d) + (int64_t)minute * 60000;
}

/* The working day n working days after day; "" when the calendar cannot say. */
static void workday_after(const struct yw_calendar *cal, const char *day, int n, char out[11])
{
	struct yw_date d, r;
	out[0] = 0;
	if (!yw_date_parse(day, &d, "day", NULL) && !yw_calendar_add_workdays(cal, d, n, &r, NULL))
		yw_date_format(r, out);
}

static struct yw_case_env env_at(struct one *o, const struct yw_actor *who, const char *day, int minute)
{
	return (struct yw_case_env){o->x->s, o->x->cal, who, at(day, minute)};
}

static bool past(struct one *o, const char *day, int minute)
{
	return day[0] && at(day, minute) <= o->x->now;
}

static void person_id(uint64_t *rng, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "441602%04u%02u%02u%03u", 1955 + next(rng) % 45, 1 + next(rng) % 12,
		 1 + next(rng) % 28, next(rng) % 999);
	snprintf(out, 19, "%s%c", body, yw_id_check_char(body));
}

static void credit_code(uint64_t *rng, char out[19])
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char body[18] = "91441602MA";
	for (int i = 10; i < 17; i++)
		body[i] = cs[next(rng) % 31];
	body[17] = 0;
	snprintf(out, 19, "%s%c", body, yw_credit_code_check_char(body));
}

/* Open review steps of the case now. */
static int open_steps(struct one *o, int64_t *ids, int max)
{
	struct yw_case_step *steps = NULL;
	int n = 0, k = 0;
	if (yw_cs_steps(o->c, o->case_id, &steps, &n))
		return 0;
	for (int i = 0; i < n && k < max; i++)
		if (!strcmp(steps[i].kind, "review") && (!strcmp(steps[i].state, "active") || !strcmp(steps[i].state, "claimed")))
			ids[k++] = steps[i].id;
	free(steps);
	return k;
}

static const char *case_state(struct one *o, struct yw_case *k)
{
	return yw_cs_case_get(o->c, o->case_id, k) == YW_OK ? k->state : "";
}

static int act(struct one *o, int64_t step, enum yw_step_action a, const char *day, int minute, const char *reason,
	       const char *kind, int days)
{
	struct yw_case_env env = env_at(o, &o->approver, day, minute);
	struct yw_step_act sa = {.action = a, .reason = reason, .kind = kind, .days = days, .opinion = "同意"};
	int64_t cid;
	return yw_case_step_act_in(o->c, &env, step, &sa, &cid, &o->err);
}

/* ---- paper files (物料跟踪) ---- */

/* The approvers who receive paper files for their departments. */
static const struct {
	const char *username, *name, *department;
} receivers[] = {
	{"approver_scjg", "邱伟东", "河源市源城区市场监督管理局"},
	{"approver_rs", "曾小梅", "河源市源城区人力资源和社会保障局"},
	{"approver_ga", "罗振华", "河源市公安局源城分局"},
	{"approver_yb", "林晓东", "河源市源城区医疗保障局"},
};
enum { NRECEIVERS = sizeof receivers / sizeof receivers[0] };

/* Every fourth accepted case (by id, so the cases drawn stay the same) gets
 * a label at the front desk a few minutes after it was accepted. */
static int file_label(struct one *o, const struct yw_case *k, const char *day, int minute)
{
	o->file[0] = 0;
	if (o->case_id % 4 || !past(o, day, minute + 3))
		return YW_OK;
	struct yw_case_env env = env_at(o, &o->clerk, day, minute + 3);
	struct yw_case_file_new req = {.pages = 4 + (int)(o->case_id % 37)};
	int64_t id;
	int st = yw_case_file_create_in(o->c, &env, o->case_id, &req, &id, &o->err);
	if (!st)
		snprintf(o->file, sizeof o->file, "%s-01", k->case_no);
	return st;
}

/* Handed to the department of the step about to be reviewed (a scan where
 * the file already is changes nothing). */
static int file_to_department(struct one *o, int64_t step_id, const char *day)
{
	struct yw_case_step s;
	if (!o->file[0] || !past(o, day, 590) || yw_cs_step_get(o->c, step_id, &s) || !s.department_id)
		return YW_OK;
	struct yw_actor who = o->approver;
	for (int i = 0; i < NRECEIVERS; i++)
		if (o->x->ids.receiver_dept[i] == s.department_id && o->x->ids.receiver[i]) {
			who.user_id = o->x->ids.receiver[i];
			who.name = receivers[i].name;
		}
	struct yw_case_env env = env_at(o, &who, day, 590);
	struct yw_case_file_scan req = {.code = o->file, .stage = "department", .department_id = s.department_id};
	return yw_case_file_scan_in(o->c, &env, &req, &o->err);
}

/* With the result to the issuing window of the hall that took it in. */
static int file_to_issuing(struct one *o, const char *day, int minute)
{
	int64_t window = 0;
	if (!o->file[0] || !past(o, day, minute) || yw_cs_issuing_window(o->c, o->hall_id, &window) || !window)
		return YW_OK;
	struct yw_case_env env = env_at(o, &o->clerk, day, minute);
	struct yw_case_file_scan req = {.code = o->file, .stage = "issuing", .window_id = window};
	return yw_case_file_scan_in(o->c, &env, &req, &o->err);
}

/* To the hall's archive once the result was handed over. */
static int file_archive(struct one *o, const char *day, int minute)
{
	if (!o->file[0] || !day[0] || !past(o, day, minute))
		return YW_OK;
	struct yw_actor who = o->clerk;
	who.scope.hall_id = o->hall_id;
	struct yw_case_env env = env_at(o, &who, day, minute);
	struct yw_case_file_scan req = {.code = o->file, .stage = "archive", .place = "档案室 A 区"};
	return yw_case_file_scan_in(o->c, &env, &req, &o->err);
}

/* Approves stage after stage, one working day apart, while it is the past. */
static int review(struct one *o, char day[11], uint32_t r2, bool *decided)
{
	*decided = false;
	int64_t steps[8];
	struct yw_case *k = yw_calloc(1, sizeof *k);
	int st = YW_OK;
	for (int round = 0; round < 8 && !st; round++) {
		char next_day[11];
		workday_after(o->x->cal, day, 1, next_day);
		if (!past(o, next_day, 630))
			break;
		snprintf(day, 11, "%s", next_day);
		int n = open_steps(o, steps, 8);
		if (!n) {
			*decided = !strcmp(case_state(o, k), "decided");
			break;
		}
		if ((st = file_to_department(o, steps[0], day)))
			break;
		if (round == 0 && r2 < 10)
			break; /* left waiting: the sweep colours it */
		if (round == 0 && r2 < 18) {
			/* 补正 in review: returned, supplied two working days later. */
			struct yw_case_return_item ret = {0, "复印件不清晰，请提交清晰的复印件或出示原件"};
			struct yw_case_env env = env_at(o, &o->approver, day, 600);
			struct yw_step_act sa = {.action = YW_SA_RETURN, .reason = "申请材料需要补正", .materials = &ret,
						 .nmaterials = 1};
			int64_t cid;
			if ((st = yw_case_step_act_in(o->c, &env, steps[0], &sa, &cid, &o->err)))
				break;
			workday_after(o->x->cal, day, 2, next_day);
			if (!past(o, next_day, 870))
				break;
			snprintf(day, 11, "%s", next_day);
			struct yw_case_material_in m = {.seq = 0, .form = "paper_original", .count = 1};
			env = env_at(o, &o->clerk, day, 870);
			st = yw_case_supplement_in(o->c, &env, o->case_id, &m, 1, &o->err);
			continue;
		}
		if (round == 0 && r2 < 22) {
			if ((st = act(o, steps[0], YW_SA_SPECIAL, day, 600, "现场检验", "inspection", 0)))
				break;
			/* Some inspections are still going on: the clock stays stopped. */
			workday_after(o->x->cal, day, 2 + (int)(o->x->rng % 9), next_day);
			if (!past(o, next_day, 900))
				break;
			snprintf(day, 11, "%s", next_day);
			st = act(o, steps[0], YW_SA_RESUME, day, 900, NULL, NULL, 0);
			continue;
		}
		if (round == 0 && r2 < 25) {
			if ((st = act(o, steps[0], YW_SA_EXTEND, day, 600, "需要多部门联合现场核查", NULL, 5)))
				break;
			int64_t dept = 0;
			if (!yw_cs_case_get(o->c, o->case_id, k))
				dept = k->extension_department_id;
			int64_t head = dept == o->x->ids.dept_scjg ? o->x->ids.head_scjg
				       : dept == o->x->ids.dept_rs  ? o->x->ids.head_rs
				       : dept == o->x->ids.dept_ga  ? o->x->ids.head_ga
								    : 0;
			if (head) {
				struct yw_actor h = {.user_id = head, .name = "部门负责人", .role = "approver",
						     .roles = YW_ROLE_APPROVER, .request_id = "seed-demo"};
				struct yw_case_env env = env_at(o, &h, day, 660);
				if ((st = yw_case_extension_decide_in(o->c, &env, o->case_id, true, NULL, &o->err)))
					break;
			}
		}
		bool last_stage = false;
		for (int i = 0; i < n && !st; i++) {
			/* A refusal comes at the last stage, after the others agreed. */
			if (r2 >= 25 && r2 < 28 && i == n - 1) {
				struct yw_case_step s;
				if (!yw_cs_step_get(o->c, steps[i], &s)) {
					struct yw_case_step *all = NULL;
					int na = 0;
					if (!yw_cs_steps(o->c, o->case_id, &all, &na)) {
						last_stage = true;
						for (int j = 0; j < na; j++)
							last_stage &= strcmp(all[j].kind, "review") || all[j].stage <= s.stage;
					}
					free(all);
				}
				if (last_stage) {
					st = act(o, steps[i], YW_SA_REJECT, day, 640 + i, "经现场核查，不符合法定条件", NULL, 0);
					continue;
				}
			}
			st = act(o, steps[i], YW_SA_APPROVE, day, 640 + i, NULL, NULL, 0);
		}
	}
	if (!st)
		*decided = !strcmp(case_state(o, k), "decided");
	free(k);
	return st;
}

static int deliver(struct one *o, const char *decided_day, uint32_t r3, bool enterprise, const char *collector,
		   const char *collector_id)
{
	struct yw_case_env env = env_at(o, &o->clerk, decided_day, 960);
	if (at(decided_day, 960) > o->x->now)
		return YW_OK;
	char code[16], day[11];
	int st = file_to_issuing(o, decided_day, 955);
	if (st)
		return st;
	struct yw_case_delivery_req req = {.method = r3 < 8 ? "pickup" : "post", .recipient = collector,
					   .phone = "13900001111", .address = "河源市源城区新江街道文明路 8 号"};
	if ((st = yw_case_delivery_choose_in(o->c, &env, o->case_id, &req, code, &o->err)))
		return st;
	if (r3 >= 8) {
		workday_after(o->x->cal, decided_day, 1, day);
		if (!past(o, day, 600))
			return YW_OK;
		env = env_at(o, &o->clerk, day, 600);
		char tracking[24];
		snprintf(tracking, sizeof tracking, "EL%09lldCN", (long long)o->case_id);
		if ((st = yw_case_delivery_ship_in(o->c, &env, o->case_id, "EMS", tracking, &o->err)))
			return st;
		workday_after(o->x->cal, decided_day, 3, day);
		if (!past(o, day, 700))
			return YW_OK;
		env = env_at(o, &o->clerk, day, 700);
		if ((st = yw_case_delivery_confirm_in(o->c, &env, o->case_id, collector, &o->err)))
			return st;
		char filed[11];
		workday_after(o->x->cal, day, 1, filed);
		return file_archive(o, filed, 1000);
	}
	if (r3 >= 6)
		return YW_OK; /* waiting at the issuing window */
	workday_after(o->x->cal, decided_day, 1 + (int)r3 % 3, day);
	if (!past(o, day, 630))
		return YW_OK;
	/* 通办通取: some are collected at the street hall, not where they were taken in. */
	int64_t hall = r3 % 2 && o->hall_id == 1 ? 2 : o->hall_id, window = 0;
	if (yw_cs_issuing_window(o->c, hall, &window) || !window)
		return YW_OK;
	struct yw_actor issuer = o->clerk;
	issuer.scope.hall_id = 0;
	env = env_at(o, &issuer, day, 630);
	struct yw_case_pickup_req pr = {.code = code, .window_id = window, .collector_name = collector,
					.collector_id = collector_id};
	int64_t cid;
	(void)enterprise;
	if ((st = yw_case_pickup_in(o->c, &env, &pr, &cid, &o->err)))
		return st;
	char filed[11];
	workday_after(o->x->cal, day, 1, filed);
	return file_archive(o, filed, 1000);
}

/* One case: intake at a random minute of `day`, then its history. */
static int play(struct one *o, const char *day)
{
	struct seed_ctx *x = o->x;
	const struct demo_item *di = &items[next(&x->rng) % NITEMS];
	int minute = 9 * 60 + (int)(next(&x->rng) % 420);
	uint32_t r = next(&x->rng) % 100, r2 = next(&x->rng) % 100, r3 = next(&x->rng) % 10;
	if (!past(o, day, minute))
		return YW_OK;
	struct yw_item_head head;
	if (yw_istore_head_by_code(o->c, x->region_id, di->code, &head) || !head.current_version)
		return YW_OK; /* the demo catalogue changed: play what there is */
	struct yw_case_item_ref ref;
	int64_t vid = 0;
	char vstatus[16];
	if (yw_cs_item_version(o->c, head.id, head.current_version, &vid, vstatus, NULL) ||
	    yw_case_item_load(o->c, head.id, head.current_version, vid, &ref))
		return YW_OK;
	const struct yw_item *it = ref.it;
	o->hall_id = it->nhalls ? it->halls[0].hall_id : 1;
	/* The hall's clerk takes it in. */
	o->clerk = (struct yw_actor){.user_id = o->hall_id < 8 ? x->ids.clerk[o->hall_id] : 0,
				     .name = o->hall_id < 8 && x->ids.clerk_name[o->hall_id][0] ? x->ids.clerk_name[o->hall_id] : "窗口人员",
				     .role = "clerk",
				     .roles = YW_ROLE_CLERK | YW_ROLE_ADMIN,
				     .request_id = "seed-demo"};
	o->approver = (struct yw_actor){.name = "审批人员", .role = "approver",
					.roles = YW_ROLE_APPROVER | YW_ROLE_ADMIN, .request_id = "seed-demo"};
	char name[64], idn[19], phone[12], code[19];
	snprintf(name, sizeof name, "%s%s", surnames[next(&x->rng) % 15], given[next(&x->rng) % 12]);
	person_id(&x->rng, idn);
	snprintf(phone, sizeof phone, "139%08u", 10000000u + (unsigned)x->made);
	credit_code(&x->rng, code);
	struct yw_case_intake_req req = {.item_id = head.id, .hall_id = o->hall_id};
	req.applicant = di->enterprise
				? (struct yw_case_party){.kind = "enterprise", .name = companies[next(&x->rng) % 6],
							 .credit_code = code, .phone = phone, .legal_rep = name}
				: (struct yw_case_party){.kind = "person", .name = name, .id_number = idn, .phone = phone};
	if (di->enterprise) {
		req.has_agent = true;
		req.agent = (struct yw_case_party){.name = name, .id_number = idn, .phone = phone};
	}
	/* The checklist as received: complete, one main material missing
	 * (一次性告知), or the secondary one missing with a commitment (容缺). */
	struct yw_case_material_in m[YW_ITEM_MAX_MATERIALS];
	int nm = 0, skipped = -1;
	bool supplement = r >= 5 && r < 15, tolerate = !supplement && it->tolerance && r >= 15 && r < 30;
	for (int i = 0; i < it->nmaterials; i++) {
		const struct yw_item_material *im = &it->materials[i];
		if (!im->required && next(&x->rng) % 2)
			continue;
		if (skipped < 0 && im->required && ((supplement && im->role == YW_MATERIAL_MAIN) ||
						     (tolerate && im->role == YW_MATERIAL_SECONDARY))) {
			skipped = i;
			continue;
		}
		m[nm++] = (struct yw_case_material_in){.seq = i, .form = im->elicence_type && i % 2 ? "elicence" : "paper_original",
						       .count = im->count, .elicence_ref = "EL-DEMO"};
	}
	req.materials = m;
	req.nmaterials = nm;
	if (r < 5) {
		req.outcome = "refuse";
		req.reason = "申请事项依法不需要取得行政许可";
		req.redirect = "可直接到有关部门办理备案";
	} else if (tolerate && skipped >= 0) {
		req.commitment = "本人承诺在规定期限内补齐容缺材料，所补材料与申请一致";
	}
	struct yw_case_env env = env_at(o, &o->clerk, day, minute);
	int st = yw_case_intake_in(o->c, &env, &req, &o->case_id, &o->err);
	x->made++;
	char today[11];
	snprintf(today, sizeof today, "%s", day);
	struct yw_case *k = yw_calloc(1, sizeof *k);
	if (!st && !strcmp(case_state(o, k), "supplement") && skipped >= 0 && r % 2 == 0) {
		/* Supplied the next working day: accepted then. */
		workday_after(x->cal, day, 1, today);
		if (past(o, today, 600)) {
			struct yw_case_material_in s1 = {.seq = skipped, .form = "paper_original", .count = it->materials[skipped].count};
			env = env_at(o, &o->clerk, today, 600);
			st = yw_case_supplement_in(o->c, &env, o->case_id, &s1, 1, &o->err);
		} else {
			snprintf(today, sizeof today, "%s", day);
		}
	}
	/* The paper file: labelled once accepted; a 即办件's goes to the archive. */
	o->file[0] = 0;
	if (!st && yw_case_in(case_state(o, k), (const char *const[]){"in_progress", "delivered", NULL}))
		st = file_label(o, k, today, strcmp(today, day) ? 600 : minute);
	if (!st && !strcmp(k->state, "delivered"))
		st = file_archive(o, today, 1050);
	bool decided = false;
	if (!st && !strcmp(case_state(o, k), "in_progress")) {
		if (k->tolerant && skipped >= 0 && r2 % 3) {
			char sday[11];
			workday_after(x->cal, today, 1, sday);
			if (past(o, sday, 560)) {
				struct yw_case_material_in s1 = {.seq = skipped, .form = "paper_original", .count = it->materials[skipped].count};
				env = env_at(o, &o->clerk, sday, 560);
				st = yw_case_supplement_in(o->c, &env, o->case_id, &s1, 1, &o->err);
			}
		}
		if (!st)
			st = review(o, today, k->tolerant && r2 % 3 == 0 ? 0 : r2, &decided);
	} else if (!st && !strcmp(case_state(o, k), "delivered")) {
		decided = false; /* 即办件: handed over at the window */
	}
	if (!st && decided && !yw_cs_case_get(o->c, o->case_id, k))
		st = deliver(o, k->decided_on, r3, di->enterprise, name, idn);
	free(k);
	yw_case_item_release(&ref);
	return st;
}

struct day_ctx {
	struct seed_ctx *x;
	const char *day;
	int n;
	struct yw_error err;
};

static int day_tx(struct yw_conn *c, void *p)
{
	struct day_ctx *d = p;
	uint64_t rng = d->x->rng;
	int made = d->x->made;
	struct one o = {.x = d->x, .c = c};
	int st = YW_OK;
	for (int i = 0; i < d->n && !st; i++)
		st = play(&o, d->day);
	if (st) {
		d->err = o.err;
		d->x->rng = rng; /* a retried day draws the same cases again */
		d->x->made = made;
	}
	return st;
}

struct count_ctx {
	int64_t n;
};

static int count_tx(struct yw_conn *c, void *p)
{
	return yw_cs_case_count(c, &((struct count_ctx *)p)->n);
}

static void staff_of(struct yw_store *s, struct staff_ids *ids)
{
	static const struct {
		int hall;
		const char *username, *name;
	} clerks[] = {{1, "clerk01", "张敏"}, {2, "clerk03", "叶文静"}, {4, "clerk04", "钟丽华"}};
	for (size_t i = 0; i < sizeof clerks / sizeof clerks[0]; i++) {
		ids->clerk[clerks[i].hall] = find_id(s, &yw_entity_staff, "username", clerks[i].username);
		snprintf(ids->clerk_name[clerks[i].hall], sizeof ids->clerk_name[0], "%s", clerks[i].name);
	}
	ids->head_scjg = find_id(s, &yw_entity_staff, "username", "head_scjg");
	ids->head_rs = find_id(s, &yw_entity_staff, "username", "head_rs");
	ids->head_ga = find_id(s, &yw_entity_staff, "username", "head_ga");
	ids->dept_scjg = find_id(s, &yw_entity_department, "name", "河源市源城区市场监督管理局");
	ids->dept_rs = find_id(s, &yw_entity_department, "name", "河源市源城区人力资源和社会保障局");
	ids->dept_ga = find_id(s, &yw_entity_department, "name", "河源市公安局源城分局");
	for (int i = 0; i < NRECEIVERS; i++) {
		ids->receiver[i] = find_id(s, &yw_entity_staff, "username", receivers[i].username);
		ids->receiver_dept[i] = find_id(s, &yw_entity_department, "name", receivers[i].department);
	}
}

int yw_case_seed_demo(struct yw_store *s)
{
	int failed = seed_people(s);
	struct count_ctx cc = {0};
	if (yw_store_tx(s, YW_TX_READ, count_tx, &cc) != YW_OK)
		return failed + 1;
	if (cc.n > 0)
		return failed; /* seeded before: leave the cases as they are */
	struct yw_calendar *cal = NULL;
	int64_t version = 0;
	struct yw_error err = {0};
	if (yw_calendar_build(s, &cal, &version, &err) != YW_OK) {
		fprintf(stderr, "seed: cases need the calendar: %s\n", err.detail);
		return failed + 1;
	}
	struct seed_ctx x = {.s = s, .cal = cal, .now = yw_now_ms(), .rng = 20261124};
	staff_of(s, &x.ids);
	x.region_id = find_id(s, &yw_entity_region, "code", "441602");
	/* The working days of the last 30 days, oldest first. */
	struct yw_date today = yw_date_today_shanghai(), days[DAYS];
	int nd = 0;
	for (int back = DAYS - 1; back >= 0; back--) {
		struct yw_date d = yw_date_add_days(today, -back);
		bool work = false;
		if (yw_calendar_is_workday(cal, d, &work, NULL) == YW_OK && work)
			days[nd++] = d;
	}
	for (int i = 0; i < nd; i++) {
		char day[11];
		yw_date_format(days[i], day);
		struct day_ctx dc = {.x = &x, .day = day, .n = TARGET / nd + (i < TARGET % nd)};
		if (yw_store_tx(s, YW_TX_WRITE, day_tx, &dc) != YW_OK) {
			fprintf(stderr, "seed: demo cases of %s refused: %s %s (%s)\n", day, yw_err_name(dc.err.err),
				dc.err.detail, dc.err.field);
			failed++;
		}
	}
	/* Yellow and red as of now, with their notifications. */
	struct yw_case_sweep_stats stats;
	failed += yw_case_sweep(s, cal, x.now, &stats) != YW_OK;
	yw_calendar_free(cal);
	printf("seed demo: %d demo cases, %d warning levels set\n", x.made, stats.changed);
	return failed;
}
