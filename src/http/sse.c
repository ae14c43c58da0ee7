/* Server-sent events. A stream is a callback response whose reader hands
 * out what was published to its channels; when there is nothing to send it
 * suspends the connection and returns 0 (a reader that only returns 0 busy-
 * loops the poll thread), and publishing resumes it. The suspend happens
 * under the subscriber's lock, and publishing checks the flag under the
 * same lock, so a wake-up is never lost. Suspended connections do not time
 * out in libmicrohttpd, so a heartbeat comment every 20 s finds dead peers.
 * On shutdown every stream is resumed and ended before the daemon stops
 * (MHD must never be stopped with suspended connections).
 *
 * A stream follows its channels from the moment the handler makes it
 * (yw_resp_sse), before it replays what the client missed from the store:
 * an event committed between the replay's snapshot and the reply being
 * queued is then held back, and sent after the replay unless the replay
 * already had it. */
#include "http/internal.h"
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_CHANNELS = 4, CHANNEL_LEN = 40 };
/* A subscriber that falls this far behind is cut off; it reconnects with
 * Last-Event-ID and catches up from the store. */
#define MAX_BACKLOG (256 * 1024)
/* A drained buffer keeps at most this much memory between bursts. */
#define KEEP_CAP (16 * 1024)

struct early_event {
	int64_t id;
	size_t off, len; /* in early */
};

struct yw_sse_sub {
	struct MHD_Connection *conn; /* NULL until the reply is queued */
	pthread_mutex_t mu;
	struct yw_buf buf; /* to send; buf.data[off..len) is unsent */
	size_t off;
	bool suspended, ended, overflow;
	char channels[MAX_CHANNELS][CHANNEL_LEN];
	int nch;
	/* Ids replayed from the store (ascending): not sent again live. */
	int64_t *replayed;
	int nreplayed, capreplayed;
	/* Published before the reply was queued, in order. */
	struct yw_buf early;
	struct early_event *ev;
	int nev, capev;
	struct yw_sse_sub *prev, *next;
};

static pthread_mutex_t hub_mu = PTHREAD_MUTEX_INITIALIZER;
static struct yw_sse_sub *subs;
static atomic_int nsubs; /* streams whose reply is queued */
static atomic_bool closing;
static pthread_t heartbeat_thread;
static atomic_bool heartbeat_running;
static pthread_mutex_t hb_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hb_cond = PTHREAD_COND_INITIALIZER;

int yw_sse_count(void) { return atomic_load(&nsubs); }

/* Called by MHD on the connection's thread. */
static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct yw_sse_sub *s = cls;
	pthread_mutex_lock(&s->mu);
	if (s->off < s->buf.len) {
		size_t n = s->buf.len - s->off;
		if (n > max)
			n = max;
		memcpy(out, s->buf.data + s->off, n);
		s->off += n;
		if (s->off == s->buf.len) {
			s->off = s->buf.len = 0;
			if (s->buf.cap > KEEP_CAP)
				yw_buf_free(&s->buf);
		}
		pthread_mutex_unlock(&s->mu);
		return (ssize_t)n;
	}
	if (s->overflow) {
		pthread_mutex_unlock(&s->mu);
		return MHD_CONTENT_READER_END_WITH_ERROR;
	}
	if (s->ended || atomic_load(&closing)) {
		pthread_mutex_unlock(&s->mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	s->suspended = true;
	MHD_suspend_connection(s->conn);
	pthread_mutex_unlock(&s->mu);
	return 0;
}

/* Called with s->mu held. */
static void wake(struct yw_sse_sub *s)
{
	if (s->suspended && s->conn) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

static void unlink_sub(struct yw_sse_sub *s)
{
	pthread_mutex_lock(&hub_mu);
	if (s->prev)
		s->prev->next = s->next;
	else if (subs == s)
		subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	pthread_mutex_unlock(&hub_mu);
}

static void destroy_sub(struct yw_sse_sub *s)
{
	unlink_sub(s);
	yw_buf_free(&s->buf);
	yw_buf_free(&s->early);
	free(s->ev);
	free(s->replayed);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

/* MHD's free callback of the response: the request is over. */
static void free_sub(void *cls)
{
	atomic_fetch_sub(&nsubs, 1);
	destroy_sub(cls);
}

void yw_resp_sse(struct yw_resp *r, const char *const *channels, int n)
{
	struct yw_sse_sub *s = yw_calloc(1, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
	for (int i = 0; i < n && i < MAX_CHANNELS; i++)
		snprintf(s->channels[s->nch++], CHANNEL_LEN, "%s", channels[i]);
	/* Reconnect after 2 s; a comment first so proxies flush headers at once. */
	yw_buf_adds(&s->buf, "retry: 2000\n: connected\n\n");
	if (r->stream)
		yw_sse_discard(r->stream);
	r->status = 200;
	r->stream = s;
	r->ctype = "text/event-stream; charset=utf-8";
	yw_resp_header(r, "X-Accel-Buffering", "no");
	pthread_mutex_lock(&hub_mu);
	s->next = subs;
	if (subs)
		subs->prev = s;
	subs = s;
	pthread_mutex_unlock(&hub_mu);
}

void yw_resp_sse_replayed(struct yw_resp *r, int64_t id, const char *type, const char *data)
{
	struct yw_sse_sub *s = r->stream;
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	yw_sse_format(&s->buf, id, type, data);
	if (s->nreplayed == s->capreplayed) {
		s->capreplayed = s->capreplayed ? s->capreplayed * 2 : 16;
		s->replayed = yw_realloc(s->replayed, (size_t)s->capreplayed * sizeof *s->replayed);
	}
	s->replayed[s->nreplayed++] = id;
	pthread_mutex_unlock(&s->mu);
}

void yw_resp_sse_text(struct yw_resp *r, const char *text)
{
	struct yw_sse_sub *s = r->stream;
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	yw_buf_adds(&s->buf, text);
	pthread_mutex_unlock(&s->mu);
}

void yw_sse_discard(struct yw_sse_sub *s) { destroy_sub(s); }

static bool was_replayed(const struct yw_sse_sub *s, int64_t id)
{
	int lo = 0, hi = s->nreplayed - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (s->replayed[mid] == id)
			return true;
		if (s->replayed[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

struct MHD_Response *yw_sse_response(struct yw_resp *r, struct MHD_Connection *c)
{
	struct yw_sse_sub *s = r->stream;
	struct MHD_Response *m = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, s, free_sub);
	if (!m)
		return NULL; /* r->stream stays: yw_resp_free discards it */
	r->stream = NULL;
	atomic_fetch_add(&nsubs, 1);
	pthread_mutex_lock(&s->mu);
	for (int i = 0; i < s->nev; i++)
		if (!was_replayed(s, s->ev[i].id))
			yw_buf_add(&s->buf, s->early.data + s->ev[i].off, s->ev[i].len);
	yw_buf_free(&s->early);
	free(s->ev);
	s->ev = NULL;
	s->nev = s->capev = 0;
	s->conn = c;
	pthread_mutex_unlock(&s->mu);
	return m;
}

/* Does the stream follow any of these channels? (Once, even if several.) */
static bool listens(const struct yw_sse_sub *s, const char *const *channels, int n)
{
	for (int k = 0; k < n; k++)
		for (int i = 0; i < s->nch; i++)
			if (!strcmp(s->channels[i], channels[k]))
				return true;
	return false;
}

static void hold_early(struct yw_sse_sub *s, int64_t id, const char *text, size_t len)
{
	if (!id)
		return; /* a heartbeat: the stream is about to start anyway */
	if (s->nev == s->capev) {
		s->capev = s->capev ? s->capev * 2 : 8;
		s->ev = yw_realloc(s->ev, (size_t)s->capev * sizeof *s->ev);
	}
	s->ev[s->nev++] = (struct early_event){id, s->early.len, len};
	yw_buf_add(&s->early, text, len);
}

static void append(struct yw_sse_sub *s, int64_t id, const char *text, size_t len)
{
	pthread_mutex_lock(&s->mu);
	if (id && was_replayed(s, id)) {
		/* already sent from the store */
	} else if (!s->conn) {
		hold_early(s, id, text, len);
	} else if (s->buf.len - s->off + len > MAX_BACKLOG) {
		s->overflow = true;
	} else {
		/* Keep the buffer from growing for a reader that never quite
		 * catches up: drop what was sent once it is most of it. */
		if (s->off && s->off >= s->buf.len / 2) {
			memmove(s->buf.data, s->buf.data + s->off, s->buf.len - s->off);
			s->buf.len -= s->off;
			s->off = 0;
		}
		yw_buf_add(&s->buf, text, len);
	}
	wake(s);
	pthread_mutex_unlock(&s->mu);
}

void yw_sse_publish(const char *const *channels, int n, int64_t id, const char *text, size_t len)
{
	pthread_mutex_lock(&hub_mu);
	for (struct yw_sse_sub *s = subs; s; s = s->next)
		if (!channels || listens(s, channels, n))
			append(s, id, text, len);
	pthread_mutex_unlock(&hub_mu);
}

void yw_sse_drop_all(void)
{
	pthread_mutex_lock(&hub_mu);
	for (struct yw_sse_sub *s = subs; s; s = s->next) {
		pthread_mutex_lock(&s->mu);
		s->overflow = true;
		wake(s);
		pthread_mutex_unlock(&s->mu);
	}
	pthread_mutex_unlock(&hub_mu);
}

void yw_sse_format(struct yw_buf *b, int64_t id, const char *type, const char *data)
{
	yw_buf_printf(b, "id: %lld\nevent: %s\ndata: ", (long long)id, type);
	/* JSON text has no raw newlines; guard anyway so a frame stays one event. */
	const char *p = data;
	while (*p) {
		size_t run = strcspn(p, "\r\n");
		yw_buf_add(b, p, run);
		p += run;
		if (*p)
			p++;
	}
	yw_buf_adds(b, "\n\n");
}

static int heartbeat_ms(void)
{
	const char *e = getenv("YIWANG_SSE_HEARTBEAT_MS");
	int v = e && *e ? atoi(e) : 0;
	return v >= 50 && v <= 60000 ? v : 20000;
}

static void *heartbeat(void *arg)
{
	(void)arg;
	int ms = heartbeat_ms();
	pthread_mutex_lock(&hb_mu);
	while (atomic_load(&heartbeat_running)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += ms / 1000;
		ts.tv_nsec += (long)(ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&hb_cond, &hb_mu, &ts);
		if (atomic_load(&heartbeat_running))
			yw_sse_publish(NULL, 0, 0, ": ping\n\n", 8);
	}
	pthread_mutex_unlock(&hb_mu);
	return NULL;
}

void yw_sse_start(void)
{
	atomic_store(&closing, false);
	atomic_store(&heartbeat_running, true);
	pthread_create(&heartbeat_thread, NULL, heartbeat, NULL);
}

/* End every stream: each reader sees `closing` once resumed and returns
 * END_OF_STREAM, so MHD completes those requests before it is stopped. A
 * reader never suspends once `closing` is set. */
void yw_sse_shutdown(void)
{
	atomic_store(&closing, true);
	pthread_mutex_lock(&hb_mu);
	bool running = atomic_exchange(&heartbeat_running, false);
	pthread_cond_signal(&hb_cond);
	pthread_mutex_unlock(&hb_mu);
	if (running)
		pthread_join(heartbeat_thread, NULL);
	pthread_mutex_lock(&hub_mu);
	for (struct yw_sse_sub *s = subs; s; s = s->next) {
		pthread_mutex_lock(&s->mu);
		s->ended = true;
		wake(s);
		pthread_mutex_unlock(&s->mu);
	}
	pthread_mutex_unlock(&hub_mu);
}
