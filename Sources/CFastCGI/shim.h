#ifndef ATELIER_CFASTCGI_SHIM_H
#define ATELIER_CFASTCGI_SHIM_H
/* libfcgi's reentrant API (FCGX_*). Debian: libfcgi-dev, 2.4.2-2+deb12u1 or later. */
#include <fcgiapp.h>
#endif
