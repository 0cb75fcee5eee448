/* The benchmark's baseline: the smallest useful FastCGI responder, in C on libfcgi, with the
 * same number of accept threads as atelier-server's default. Usage: baseline-responder SOCKET */
#include <fcgiapp.h>
#include <pthread.h>
#include <sys/stat.h>

static int listen_socket;

static void *serve(void *unused) {
    FCGX_Request request;
    FCGX_InitRequest(&request, listen_socket, 0);
    while (FCGX_Accept_r(&request) >= 0) {
        FCGX_PutS("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nok\n", request.out);
        FCGX_Finish_r(&request);
    }
    return unused;
}

int main(int argc, char **argv) {
    if (argc < 2 || FCGX_Init() != 0) return 1;
    listen_socket = FCGX_OpenSocket(argv[1], 512);
    if (listen_socket < 0) return 1;
    chmod(argv[1], 0660);
    pthread_t threads[8];
    for (int i = 0; i < 8; i++) pthread_create(&threads[i], NULL, serve, NULL);
    for (int i = 0; i < 8; i++) pthread_join(threads[i], NULL);
    return 0;
}
