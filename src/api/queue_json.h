/* JSON of tickets and hall-queue views, shared by the queue API files. */
#ifndef YW_API_QUEUE_JSON_H
#define YW_API_QUEUE_JSON_H
#include "api/api.h"
#include "yw/queue_view.h"

/* A ticket; with_token for its holder only (the token is a capability). */
void yw_ticket_json(struct yw_buf *b, const struct yw_ticket_status *s, bool with_token);
void yw_queue_load_json(struct yw_buf *b, const struct yw_queue_load *l);

void yw_api_kiosk(struct yw_req *q, struct yw_resp *r);
void yw_api_board(struct yw_req *q, struct yw_resp *r);
void yw_api_desk(struct yw_req *q, struct yw_resp *r);
void yw_api_hall_tickets(struct yw_req *q, struct yw_resp *r);
void yw_api_my_tickets(struct yw_req *q, struct yw_resp *r);
void yw_api_cloud(struct yw_req *q, struct yw_resp *r);

#endif
