/*
 * fakeshop: see fakeshop.h. One libmicrohttpd daemon, thread per
 * connection, so a delayed answer never blocks other requests.
 */
#include "fakeshop.h"

#include "kerr.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define FS_MAX_FILE (256L * 1024 * 1024)

struct fs_fault {
    struct fakeshop_fault f;
    char *path; /* owned copy of f.path */
    int used;   /* requests it has hit so far */
};

struct fs_hit {
    char *path;
    int n;
};

struct fakeshop {
    struct MHD_Daemon *daemon;
    char *dir;
    char url[64];
    atomic_int stopping; /* cuts delays short on stop */

    pthread_mutex_t mu; /* guards everything below */
    fakeshop_handler_fn fn;
    void *ctx;
    struct fs_fault *faults;
    size_t n_faults;
    struct fs_hit *hits;
    size_t n_hits;
    int total_hits;
    char *etag;
};

/* What one request will get, decided under the lock. */
struct fs_plan {
    struct fakeshop_fault fault;
    int faulted;
    fakeshop_handler_fn fn;
    void *ctx;
    char etag[256];
};

/* Answer body for truncated responses: full length promised, half sent. */
struct fs_half {
    char *body;
    size_t len;
};

static void fs_count_hit(struct fakeshop *fs, const char *path)
{
    struct fs_hit *grown;
    char *copy;

    fs->total_hits++;
    for (size_t i = 0; i < fs->n_hits; i++) {
        if (strcmp(fs->hits[i].path, path) == 0) {
            fs->hits[i].n++;
            return;
        }
    }

    copy = strdup(path);
    grown = realloc(fs->hits, (fs->n_hits + 1) * sizeof(*grown));
    if (!copy || !grown) {
        free(copy);
        if (grown)
            fs->hits = grown;
        return;
    }
    fs->hits = grown;
    fs->hits[fs->n_hits].path = copy;
    fs->hits[fs->n_hits].n = 1;
    fs->n_hits++;
}

static int fs_fault_matches(struct fs_fault *ff, const char *path, int page)
{
    if (ff->path && strcmp(ff->path, path) != 0)
        return 0;
    if (ff->f.page != 0 && ff->f.page != page)
        return 0;
    if (ff->f.times > 0 && ff->used >= ff->f.times)
        return 0;
    return 1;
}

static void fs_make_plan(struct fakeshop *fs, const char *path, int page,
                         struct fs_plan *plan)
{
    memset(plan, 0, sizeof(*plan));

    pthread_mutex_lock(&fs->mu);
    fs_count_hit(fs, path);
    for (size_t i = 0; i < fs->n_faults; i++) {
        struct fs_fault *ff = &fs->faults[i];

        if (fs_fault_matches(ff, path, page)) {
            ff->used++;
            plan->fault = ff->f;
            plan->fault.path = NULL;
            plan->faulted = 1;
            break;
        }
    }
    plan->fn = fs->fn;
    plan->ctx = fs->ctx;
    if (fs->etag)
        snprintf(plan->etag, sizeof(plan->etag), "%s", fs->etag);
    pthread_mutex_unlock(&fs->mu);
}

static void fs_sleep_ms(struct fakeshop *fs, int ms)
{
    while (ms > 0 && !atomic_load(&fs->stopping)) {
        int slice = ms < 20 ? ms : 20;
        struct timespec ts = {0, (long)slice * 1000000L};

        nanosleep(&ts, NULL);
        ms -= slice;
    }
}

static const char *fs_content_type(const char *path)
{
    static const struct {
        const char *ext;
        const char *type;
    } types[] = {
        {".json", "application/json"}, {".png", "image/png"},
        {".jpg", "image/jpeg"},        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},         {".webp", "image/webp"},
        {".csv", "text/csv"},          {".html", "text/html"},
        {".txt", "text/plain"},        {".xml", "application/xml"},
    };
    const char *dot = strrchr(path, '.');

    if (!dot || strchr(dot, '/'))
        return "application/octet-stream";
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

static char *fs_read_file(const char *file, size_t *len)
{
    struct stat st;
    FILE *f;
    char *buf;

    if (stat(file, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_size > FS_MAX_FILE)
        return NULL;
    f = fopen(file, "rb");
    if (!f)
        return NULL;
    buf = malloc((size_t)st.st_size + 1);
    if (buf && fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[st.st_size] = '\0';
        *len = (size_t)st.st_size;
    }
    return buf;
}

/* DIR/<path>.page<N> when it exists, else DIR/<path>. */
static char *fs_load_fixture(struct fakeshop *fs, const char *path, int page,
                             size_t *len)
{
    char file[4096];
    char *body = NULL;

    if (!fs->dir || strstr(path, "..") || path[0] != '/')
        return NULL;
    if (page > 0) {
        snprintf(file, sizeof(file), "%s%s.page%d", fs->dir, path, page);
        body = fs_read_file(file, len);
    }
    if (!body) {
        snprintf(file, sizeof(file), "%s%s", fs->dir, path);
        body = fs_read_file(file, len);
    }
    return body;
}

static ssize_t fs_half_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct fs_half *h = cls;
    size_t half = h->len / 2;
    size_t n;

    if (pos >= half)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    n = half - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(buf, h->body + pos, n);
    return (ssize_t)n;
}

static void fs_half_free(void *cls)
{
    struct fs_half *h = cls;

    free(h->body);
    free(h);
}

/* Takes ownership of `body`. */
static struct MHD_Response *fs_make_response(char *body, size_t len,
                                             int truncate)
{
    struct MHD_Response *r;
    struct fs_half *h;

    if (!truncate) {
        r = MHD_create_response_from_buffer(len, body,
                                            MHD_RESPMEM_MUST_FREE);
        if (!r)
            free(body);
        return r;
    }

    h = malloc(sizeof(*h));
    if (!h) {
        free(body);
        return NULL;
    }
    h->body = body;
    h->len = len;
    r = MHD_create_response_from_callback(len, 4096, fs_half_reader, h,
                                          fs_half_free);
    if (!r)
        fs_half_free(h);
    return r;
}

static enum MHD_Result fs_queue(struct MHD_Connection *conn, int status,
                                struct MHD_Response *r)
{
    enum MHD_Result ret;

    if (!r)
        return MHD_NO;
    ret = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result fs_answer_fault(struct MHD_Connection *conn,
                                       const struct fakeshop_fault *f)
{
    char msg[64];
    char *body;
    struct MHD_Response *r;

    snprintf(msg, sizeof(msg), "{\"error\":\"fault %d\"}", f->status);
    body = strdup(msg);
    if (!body)
        return MHD_NO;
    r = fs_make_response(body, strlen(msg), 0);
    if (r && f->retry_after > 0) {
        char ra[16];

        snprintf(ra, sizeof(ra), "%d", f->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    if (r)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "application/json");
    return fs_queue(conn, f->status, r);
}

static int fs_query_int(struct MHD_Connection *conn, const char *key)
{
    const char *v;
    long n;

    v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, key);
    if (!v)
        return 0;
    n = strtol(v, NULL, 10);
    return n > 0 && n < 1000000 ? (int)n : 0;
}

static int fs_etag_matches(struct MHD_Connection *conn, const char *etag)
{
    const char *inm;

    if (!etag[0])
        return 0;
    inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                      MHD_HTTP_HEADER_IF_NONE_MATCH);
    return inm && (strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL);
}

static enum MHD_Result fs_answer_content(struct fakeshop *fs,
                                         struct MHD_Connection *conn,
                                         const char *path, int page,
                                         const struct fs_plan *plan)
{
    size_t len = 0;
    int status = 200, total_pages = -1;
    const char *type = NULL;
    char *body;
    struct MHD_Response *r;

    if (fs_etag_matches(conn, plan->etag)) {
        r = MHD_create_response_from_buffer(0, NULL,
                                            MHD_RESPMEM_PERSISTENT);
        if (r)
            MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, plan->etag);
        return fs_queue(conn, MHD_HTTP_NOT_MODIFIED, r);
    }

    if (plan->fn)
        body = plan->fn(plan->ctx, path, page,
                        fs_query_int(conn, "limit") ?
                            fs_query_int(conn, "limit") :
                            fs_query_int(conn, "per_page"),
                        &len, &status, &type, &total_pages);
    else
        body = fs_load_fixture(fs, path, page, &len);
    if (!body) {
        struct fakeshop_fault nf = {.status = MHD_HTTP_NOT_FOUND};

        return fs_answer_fault(conn, &nf);
    }
    if (!type)
        type = plan->fn ? "application/json" : fs_content_type(path);

    r = fs_make_response(body, len, plan->fault.truncate);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (plan->etag[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, plan->etag);
    if (total_pages >= 0) {
        char tp[16];

        snprintf(tp, sizeof(tp), "%d", total_pages);
        MHD_add_response_header(r, "X-WP-TotalPages", tp);
    }
    return fs_queue(conn, status, r);
}

static enum MHD_Result fs_access(void *cls, struct MHD_Connection *conn,
                                 const char *url, const char *method,
                                 const char *version, const char *upload,
                                 size_t *upload_size, void **con_cls)
{
    static int first_call_marker;
    struct fakeshop *fs = cls;
    struct fs_plan plan;
    int page;

    /* The first call only announces the headers; answer on the second. */
    if (!*con_cls) {
        *con_cls = &first_call_marker;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0; /* request bodies are ignored */
        return MHD_YES;
    }

    page = fs_query_int(conn, "page");
    fs_make_plan(fs, url, page, &plan);

    if (plan.fault.delay_ms > 0)
        fs_sleep_ms(fs, plan.fault.delay_ms);
    if (plan.fault.drop || atomic_load(&fs->stopping))
        return MHD_NO;
    if (plan.fault.status > 0)
        return fs_answer_fault(conn, &plan.fault);
    return fs_answer_content(fs, conn, url, page, &plan);
}

/* The standalone tool asks for a fixed port through the environment, so
   the header stays the same for tests, which always take a free one. */
static unsigned short fs_wanted_port(void)
{
    const char *env = getenv("FAKESHOP_PORT");
    long port;

    if (!env || !*env)
        return 0;
    port = strtol(env, NULL, 10);
    return port > 0 && port < 65536 ? (unsigned short)port : 0;
}

struct fakeshop *fakeshop_start(const char *fixture_dir)
{
    struct fakeshop *fs;
    struct sockaddr_in addr;
    const union MHD_DaemonInfo *info;

    fs = calloc(1, sizeof(*fs));
    if (!fs) {
        kerr_set(KERR_NOMEM, "fakeshop: out of memory");
        return NULL;
    }
    pthread_mutex_init(&fs->mu, NULL);
    if (fixture_dir) {
        fs->dir = strdup(fixture_dir);
        if (!fs->dir)
            goto fail;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(fs_wanted_port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fs->daemon = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
        0, NULL, NULL, fs_access, fs, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (!fs->daemon)
        goto fail;

    info = MHD_get_daemon_info(fs->daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (!info || info->port == 0)
        goto fail;
    snprintf(fs->url, sizeof(fs->url), "http://127.0.0.1:%u",
             (unsigned)info->port);
    return fs;

fail:
    kerr_set(KERR_NET, "fakeshop: cannot start the server on 127.0.0.1");
    fakeshop_stop(fs);
    return NULL;
}

void fakeshop_stop(struct fakeshop *fs)
{
    if (!fs)
        return;

    atomic_store(&fs->stopping, 1);
    if (fs->daemon)
        MHD_stop_daemon(fs->daemon);
    fakeshop_clear_faults(fs);
    for (size_t i = 0; i < fs->n_hits; i++)
        free(fs->hits[i].path);
    free(fs->hits);
    free(fs->etag);
    free(fs->dir);
    pthread_mutex_destroy(&fs->mu);
    free(fs);
}

const char *fakeshop_url(const struct fakeshop *fs)
{
    return fs->url;
}

void fakeshop_set_handler(struct fakeshop *fs, fakeshop_handler_fn fn,
                          void *ctx)
{
    pthread_mutex_lock(&fs->mu);
    fs->fn = fn;
    fs->ctx = ctx;
    pthread_mutex_unlock(&fs->mu);
}

void fakeshop_add_fault(struct fakeshop *fs, const struct fakeshop_fault *f)
{
    struct fs_fault *grown;
    char *path = NULL;

    if (f->path) {
        path = strdup(f->path);
        if (!path)
            return;
    }

    pthread_mutex_lock(&fs->mu);
    grown = realloc(fs->faults, (fs->n_faults + 1) * sizeof(*grown));
    if (grown) {
        fs->faults = grown;
        fs->faults[fs->n_faults].f = *f;
        fs->faults[fs->n_faults].f.path = path;
        fs->faults[fs->n_faults].path = path;
        fs->faults[fs->n_faults].used = 0;
        fs->n_faults++;
        path = NULL;
    }
    pthread_mutex_unlock(&fs->mu);
    free(path);
}

void fakeshop_clear_faults(struct fakeshop *fs)
{
    pthread_mutex_lock(&fs->mu);
    for (size_t i = 0; i < fs->n_faults; i++)
        free(fs->faults[i].path);
    free(fs->faults);
    fs->faults = NULL;
    fs->n_faults = 0;
    pthread_mutex_unlock(&fs->mu);
}

int fakeshop_hits(struct fakeshop *fs, const char *path)
{
    int n = 0;

    pthread_mutex_lock(&fs->mu);
    if (!path) {
        n = fs->total_hits;
    } else {
        for (size_t i = 0; i < fs->n_hits; i++) {
            if (strcmp(fs->hits[i].path, path) == 0)
                n = fs->hits[i].n;
        }
    }
    pthread_mutex_unlock(&fs->mu);
    return n;
}

void fakeshop_set_etag(struct fakeshop *fs, const char *etag)
{
    char *copy = etag ? strdup(etag) : NULL;

    pthread_mutex_lock(&fs->mu);
    free(fs->etag);
    fs->etag = copy;
    pthread_mutex_unlock(&fs->mu);
}
