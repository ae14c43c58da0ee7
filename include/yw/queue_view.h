/* Read-only views of the hall queue for pages: the kiosk, the call board,
 * a window's desk, ticket lists and cloud calling. Each is read in one
 * read transaction; the api layer writes them as JSON. */
#ifndef YW_QUEUE_VIEW_H
#define YW_QUEUE_VIEW_H
#include "yw/queue.h"
#include "yw/queue_store.h"

/* A queue as a newcomer would meet it now. */
struct yw_queue_load {
	struct yw_queue q;
	int waiting, issued_today, remaining, windows;
	int wait_lo, wait_hi; /* for a ticket taken now */
};

struct yw_tickets {
	struct yw_ticket *v;
	int n, cap;
};

struct yw_hall_view {
	struct yw_hall_rules hall;
	bool open_now;
	struct yw_queue_load *queues;
	int nq;
	struct yw_window_row *windows;
	struct yw_ticket *current; /* per window; id 0 when none */
	int nw;
	struct yw_tickets recent; /* latest calls */
	int64_t last_event_id;
};
/* with_windows: the board (windows, current calls, recent calls). */
int yw_hall_view(struct yw_store *s, int64_t hall_id, bool with_windows, struct yw_hall_view *out);
void yw_hall_view_free(struct yw_hall_view *v);

struct yw_desk_view {
	struct yw_window_row w;
	struct yw_hall_rules hall;
	bool has_current;
	struct yw_ticket_status current;
	struct yw_tickets parked;
	struct yw_queue_load *served; /* the window's queues, in its order */
	int nserved;
	int served_today;
	struct yw_queue *hall_queues;
	int nhq;
	struct yw_window_row *hall_windows;
	int nhw;
};
/* Checks the actor's hall scope. */
int yw_desk_view(struct yw_store *s, const struct yw_actor *who, int64_t window_id, struct yw_desk_view *out,
		 struct yw_error *err);
void yw_desk_view_free(struct yw_desk_view *v);

/* A hall's tickets of a day (scope checked), newest first. */
int yw_hall_tickets(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, const char *day,
		    const char *status, int64_t queue_id, struct yw_tickets *out, struct yw_error *err);
int yw_citizen_tickets(struct yw_store *s, int64_t citizen_id, struct yw_tickets *out);
void yw_tickets_free(struct yw_tickets *l);

struct yw_cloud_hall {
	struct yw_hall_rules hall;
	char address[256];
	struct yw_queue_load load;
	bool open_now, remote;
	double distance_km; /* < 0: unknown */
};
struct yw_cloud_view {
	struct yw_cloud_hall *halls;
	int n;
	int64_t recommended_hall_id;
};
/* Halls that take an item, each with its queue for the item; the
 * recommendation is the shortest estimated wait among open halls that issue
 * remote tickets, nearer first on a tie. lat/lng NAN when unknown. */
int yw_cloud_view(struct yw_store *s, int64_t item_id, double lat, double lng, struct yw_cloud_view *out);
void yw_cloud_view_free(struct yw_cloud_view *v);

#endif
