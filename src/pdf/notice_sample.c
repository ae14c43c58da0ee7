/* Sample notices: one realistic case of the demo district (a restaurant
 * applying for 食品经营许可 at 源城区政务服务中心 on 2026-04-28) written out
 * as each kind of notice. People look at them with `yiwang notice-sample`;
 * the tests render them; the case domain can take the wording as a model.
 *
 * The dates are working days from the 2026 calendar (劳动节 5月1日–5日 off,
 * 5月9日 a working Saturday): accepted 4月28日, promised 5 working days →
 * 5月8日, statutory 20 → 5月28日, extended by 10 → 6月11日, decided 5月7日,
 * delivery within 10 working days → 5月20日. Personal data is masked as the
 * case domain masks it. */
#include "yw/notice.h"
#include <string.h>

#define CASE_NO "4416022026042800017"
#define TRACK_URL "http://127.0.0.1:8080/progress?case=" CASE_NO
#define CENTRE "河源市源城区政务服务中心"
#define MARKET "河源市源城区市场监督管理局"
#define APPLICANT "河源市源城区味香园餐饮有限公司"
#define CREDIT_CODE "91441602MA55K8QL26"
#define ITEM "食品经营许可（新办）"
#define ITEM_CODE "114416027071028524-0009"

static const struct yw_notice_field applicant_fields[] = {
	{"申请人", APPLICANT},
	{"统一社会信用代码", CREDIT_CODE},
	{"法定代表人", "陈伟"},
	{"经办人", "张晓婷"},
	{"经办人证件号码", "441602********024X"},
	{"联系电话", "138****0103"},
	{"申请事项", ITEM},
	{"事项编码", ITEM_CODE},
};

/* ---- 受理通知书 ---- */

static const struct yw_notice_field accept_fields[] = {
	{"申请人", APPLICANT},
	{"统一社会信用代码", CREDIT_CODE},
	{"法定代表人", "陈伟"},
	{"经办人", "张晓婷"},
	{"联系电话", "138****0103"},
	{"经办人证件号码", "441602********024X"},
	{"办件类型", "承诺件"},
	{"申请事项", ITEM},
	{"受理日期", "2026年4月28日"},
	{"实施机关", MARKET},
	{"受理窗口", "综合受理窗口3"},
	{"办结时限", "法定20个工作日（2026年5月28日前）；承诺5个工作日（2026年5月8日前）"},
};

static const char *const accept_text[] = {
	"你单位于2026年4月28日提出的" ITEM "申请，申请事项属于本机关职权范围，申请材料齐全、符合法定形式。"
	"根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。",
	"本事项法定办结时限为20个工作日，承诺办结时限为5个工作日，均自受理之日的次日起按工作日计算，"
	"法定节假日不计算在内。本机关承诺于2026年5月8日前作出决定，最迟不超过2026年5月28日。"
	"依法需要听证、检验、检测、鉴定和专家评审的，所需时间不计算在上述期限内，本机关将另行书面告知。",
	"请妥善保管本通知书，凭本通知书及经办人身份证件领取办理结果，也可选择邮政寄递送达。"
	"扫描本通知书下方的二维码，输入申请人联系电话后四位，即可查询办理进度。"
	"咨询电话：0762-3300103；投诉电话：12345。",
};

static const struct yw_notice_material accept_materials[] = {
	{"食品经营许可申请书", "原件", 1, "现场填写，申请人已签章"},
	{"营业执照", "电子证照", 1, "电子营业执照在线核验"},
	{"法定代表人居民身份证", "复印件", 1, "已核验原件"},
	{"经营场所平面图及设备布局图", "原件", 2, ""},
	{"食品安全管理制度", "上传文件", 1, "网上提交"},
	{"食品安全管理人员培训合格证明", "复印件", 1, "已核验原件"},
};

/* ---- 一次性告知书（补正材料通知书） ---- */

static const char *const supplement_text[] = {
	"你单位于2026年4月28日提出的" ITEM "申请，经审查，申请材料不齐全、部分材料不符合法定形式。"
	"根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，现一次性告知你单位需要补正的全部内容：",
	"本告知书所列为需要补正的全部内容，本机关不再要求补正本告知书以外的其他材料。"
	"请你单位一次性补齐上述材料后，到本中心任一综合受理窗口或通过广东政务服务网提交。"
	"补正期间不计入办理时限；你单位按照本告知书提交全部补正材料的，本机关予以受理，办理时限自受理之日的次日起计算。",
	"请于收到本告知书之日起30日内补正。逾期未补正的，视为放弃本次申请，你单位可以重新提出申请，"
	"已提交的材料可凭本告知书领回。",
	"如对补正内容有疑问，请致电0762-3300103咨询。",
};

static const struct yw_notice_material supplement_materials[] = {
	{"经营场所平面图及设备布局图", "原件", 0, "未提交。需标明各功能区布局、面积及主要设备位置，并由申请人签章"},
	{"食品安全管理人员培训合格证明", "复印件", 0, "所附证明已于2026年3月31日过期，请提交有效期内的证明并出示原件核验"},
	{"法定代表人居民身份证", "复印件", 1, "复印件字迹不清，无法核对证件号码；可改为出示原件或电子身份证"},
};

/* ---- 容缺受理承诺书 ---- */

static const struct yw_notice_field tolerant_fields[] = {
	{"承诺人", APPLICANT},
	{"统一社会信用代码", CREDIT_CODE},
	{"法定代表人", "陈伟"},
	{"联系电话", "138****0103"},
	{"申请事项", ITEM},
	{"事项编码", ITEM_CODE},
	{"容缺受理日期", "2026年4月28日"},
	{"补交期限", "2026年5月8日前（5个工作日）"},
};

static const char *const tolerant_text[] = {
	"本单位向" CENTRE "申请办理" ITEM "，主要申请材料齐全、符合法定形式，尚有下列次要材料暂未提交。"
	"本单位申请容缺受理，并郑重承诺：",
	"一、本单位提交的申请材料真实、合法、有效，并对申请材料实质内容的真实性负责；",
	"二、在2026年5月8日前（容缺受理之日的次日起5个工作日内）补齐下列容缺材料，所补材料与已提交材料及本承诺内容一致；",
	"三、未按期补齐容缺材料，或者所补材料与承诺不符的，本单位同意审批机关终止办理本申请，由此产生的后果由本单位自行承担，"
	"并同意将未履行承诺的情况记入本单位信用记录；",
	"四、本承诺书一式两份，承诺人与受理机关各执一份。",
};

static const struct yw_notice_material tolerant_materials[] = {
	{"食品安全管理制度", "原件", 0, "2026年5月8日前补交，现场核查前须补齐"},
	{"食品安全管理人员培训合格证明", "复印件", 0, "2026年5月8日前补交，并出示原件核验"},
};

/* ---- 不予受理通知书 ---- */

static const struct yw_notice_field refuse_fields[] = {
	{"申请人", APPLICANT},
	{"统一社会信用代码", CREDIT_CODE},
	{"法定代表人", "陈伟"},
	{"联系电话", "138****0103"},
	{"申请事项", "危险化学品经营许可证核发（带有储存设施）"},
	{"申请日期", "2026年4月28日"},
};

static const char *const refuse_text[] = {
	"你单位于2026年4月28日提出的危险化学品经营许可证核发（带有储存设施）申请，经审查，"
	"依照《危险化学品安全管理条例》第三十五条的规定，从事带有储存设施的危险化学品经营，"
	"应当向所在地设区的市级人民政府应急管理部门提出申请，该申请事项依法不属于本机关职权范围。"
	"根据《中华人民共和国行政许可法》第三十二条第一款第（二）项的规定，本机关决定不予受理。",
	"请你单位向河源市应急管理局提出申请，办事指南可在广东政务服务网查询。你单位提交的申请材料已全部退还（见下表）。",
	"如不服本决定，可以自收到本通知书之日起六十日内向河源市源城区人民政府申请行政复议，"
	"也可以自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。",
};

static const struct yw_notice_material refuse_materials[] = {
	{"危险化学品经营许可证申请书", "原件", 1, "已退还"},
	{"营业执照", "复印件", 1, "已退还"},
	{"储存设施安全评价报告", "原件", 1, "已退还"},
};

/* ---- 延期通知书 ---- */

static const struct yw_notice_field extension_fields[] = {
	{"申请人", APPLICANT},
	{"统一社会信用代码", CREDIT_CODE},
	{"申请事项", ITEM},
	{"受理日期", "2026年4月28日"},
	{"原办结期限", "2026年5月28日"},
	{"延长后办结期限", "2026年6月11日"},
	{"延长期限", "10个工作日"},
	{"批准人", "本机关负责人"},
};

static const char *const extension_text[] = {
	"你单位申请的" ITEM "（办件编号：" CASE_NO "），本机关已于2026年4月28日受理。"
	"因经营场所涉及中央厨房和集体用餐配送，设备布局和工艺流程需要多个部门联合现场核查，"
	"本机关不能在二十个工作日内作出行政许可决定。",
	"根据《中华人民共和国行政许可法》第四十二条第一款的规定，经本机关负责人批准，"
	"办理期限延长十个工作日，办结期限由2026年5月28日延长至2026年6月11日。",
	"特此通知。",
};

static const struct yw_notice_material extension_materials[] = {
	{"食品经营许可申请书", "原件", 1, ""},
	{"营业执照", "电子证照", 1, ""},
	{"经营场所平面图及设备布局图", "原件", 2, ""},
	{"食品安全管理制度", "上传文件", 1, ""},
};

/* ---- 办结通知书 ---- */

static const struct yw_notice_field finish_fields[] = {
	{"申请人", APPLICANT},
	{"统一社会信用代码", CREDIT_CODE},
	{"申请事项", ITEM},
	{"受理日期", "2026年4月28日"},
	{"办结日期", "2026年5月7日"},
	{"办理结果", "准予行政许可"},
	{"取件方式", "窗口领取（通办通取）"},
	{"取件码", "8306 2714"},
	{"领取期限", "2026年5月20日前"},
	{"取件地点", "源城区政务服务中心或上城街道便民服务中心任一出件窗口"},
};

static const char *const finish_text[] = {
	"你单位申请的" ITEM "（办件编号：" CASE_NO "），本机关已于2026年5月7日办结，"
	"作出准予行政许可的决定，核发《食品经营许可证》（许可证编号：JY14416020012345）。"
	"本件承诺办结时限为5个工作日，实际用时4个工作日，按时办结。",
	"请你单位于2026年5月20日前携带本通知书、取件码及经办人身份证件，到源城区政务服务中心"
	"或上城街道便民服务中心任一出件窗口领取下列办理结果，也可以申请邮政寄递送达。"
	"扫描下方二维码可查看本件办理的全过程，并对本次服务作出评价。",
};

static const struct yw_notice_material finish_materials[] = {
	{"准予行政许可决定书", "原件", 1, "办理结果"},
	{"食品经营许可证（正本）", "原件", 1, "办理结果"},
	{"食品经营许可证（副本）", "原件", 1, "办理结果"},
	{"食品安全管理人员培训合格证明", "原件", 1, "退还核验原件"},
};

/* ---- 送达回证 ---- */

static const struct yw_notice_field service_fields[] = {
	{"送达文书", "准予行政许可决定书、食品经营许可证（正本、副本）"},
	{"文书编号", "源市监食许〔2026〕0517号"},
	{"受送达人", APPLICANT},
	{"送达地点", "源城区政务服务中心 出件窗口2"},
	{"送达方式", "直接送达"},
	{"送达人", "刘志远、陈嘉怡"},
	{"受送达人签名或盖章", ""},
	{"签收日期", ""},
	{"代收人及代收理由", ""},
	{"备注", ""},
};

static const char *const service_text[] = {
	"请受送达人核对下列送达文书的名称和份数，确认无误后在本回证上签名或盖章，并注明签收日期。"
	"由他人代收的，代收人应注明与受送达人的关系及代收理由。",
	"受送达人拒绝签收的，送达人应当在备注栏内注明拒收事由和日期，并由送达人、见证人签名，"
	"把文书留在受送达人处，即视为送达。",
};

static const struct yw_notice_material service_materials[] = {
	{"准予行政许可决定书", "原件", 1, "源市监食许〔2026〕0517号"},
	{"食品经营许可证（正本）", "原件", 1, "JY14416020012345"},
	{"食品经营许可证（副本）", "原件", 1, "JY14416020012345"},
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

void yw_notice_sample(enum yw_notice_kind kind, struct yw_notice *n)
{
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->agency = CENTRE;
	n->case_no = CASE_NO;
	n->issued_on = "2026-04-28";
	n->tracking_url = TRACK_URL;
	n->signature = "（盖章）";
	n->addressee = APPLICANT "：";
	switch (kind) {
	case YW_NOTICE_ACCEPT:
		n->fields = accept_fields, n->nfields = LEN(accept_fields);
		n->paragraphs = accept_text, n->nparagraphs = LEN(accept_text);
		n->materials = accept_materials, n->nmaterials = LEN(accept_materials);
		n->materials_title = "已收申请材料清单";
		n->materials_after = 2;
		break;
	case YW_NOTICE_SUPPLEMENT:
		n->fields = applicant_fields, n->nfields = LEN(applicant_fields);
		n->paragraphs = supplement_text, n->nparagraphs = LEN(supplement_text);
		n->materials = supplement_materials, n->nmaterials = LEN(supplement_materials);
		n->materials_title = "需要补正的材料";
		n->materials_after = 1;
		break;
	case YW_NOTICE_TOLERANT:
		/* The applicant signs this one; the centre countersigns. */
		n->fields = tolerant_fields, n->nfields = LEN(tolerant_fields);
		n->paragraphs = tolerant_text, n->nparagraphs = LEN(tolerant_text);
		n->materials = tolerant_materials, n->nmaterials = LEN(tolerant_materials);
		n->materials_title = "容缺材料及补交期限";
		n->materials_after = 3;
		n->addressee = CENTRE "：";
		n->applicant_sign = "承诺人（签名或盖章）：";
		n->signature = "受理机关（盖章）";
		break;
	case YW_NOTICE_REFUSE:
		n->fields = refuse_fields, n->nfields = LEN(refuse_fields);
		n->paragraphs = refuse_text, n->nparagraphs = LEN(refuse_text);
		n->materials = refuse_materials, n->nmaterials = LEN(refuse_materials);
		n->materials_title = "退还材料清单";
		n->materials_after = 2;
		break;
	case YW_NOTICE_EXTENSION:
		n->agency = MARKET;
		n->issued_on = "2026-05-26";
		n->fields = extension_fields, n->nfields = LEN(extension_fields);
		n->paragraphs = extension_text, n->nparagraphs = LEN(extension_text);
		n->materials = extension_materials, n->nmaterials = LEN(extension_materials);
		n->materials_title = "已收申请材料";
		n->materials_after = 2;
		break;
	case YW_NOTICE_FINISH:
		n->agency = MARKET;
		n->issued_on = "2026-05-07";
		n->fields = finish_fields, n->nfields = LEN(finish_fields);
		n->paragraphs = finish_text, n->nparagraphs = LEN(finish_text);
		n->materials = finish_materials, n->nmaterials = LEN(finish_materials);
		n->materials_title = "办理结果及退还材料";
		n->materials_after = 2;
		break;
	case YW_NOTICE_SERVICE:
		/* A form to be signed: no letter opening. */
		n->issued_on = "2026-05-08";
		n->addressee = NULL;
		n->fields = service_fields, n->nfields = LEN(service_fields);
		n->paragraphs = service_text, n->nparagraphs = LEN(service_text);
		n->materials = service_materials, n->nmaterials = LEN(service_materials);
		n->materials_title = "送达文书清单";
		n->signature = "送达机关（盖章）";
		break;
	default:
		break;
	}
}
