/*
 * strata-console: the guest's terminal relay (docs/qemu.md#the-console).
 *
 * Runs a program (the login shell) on a pseudo-terminal and relays it to the virtio
 * console named by its first argument, which init has set raw. Under TCG every write to
 * the virtio console costs about 0.2 ms, whatever its size, and a program writing to a
 * terminal writes a line at a time. So while output streams (the last write to the
 * console was less than STREAM_NS ago), the relay, woken by output, first waits GATHER_NS
 * for more, then writes all it has in one write: a line-at-a-time program pays the
 * pseudo-terminal's small cost per line and the console's once per gathering. Output
 * after a pause (a key's echo, a prompt) goes out at once, as keys go the other way. The
 * pseudo-terminal does the line discipline (echo, Ctrl-C, CR LF on output), as the
 * console's own tty did.
 *
 * Exits when the program does, after which init starts both again. Built by build.sh,
 * which records this file's SHA-256 in the binary (a unit test compares them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SOURCE_SHA256
#error "build with build.sh, which defines SOURCE_SHA256"
#endif
const char source_id[] = "strata-console source sha256 " SOURCE_SHA256;

/* Long enough for a line-at-a-time writer to fill a buffer, short beside a screen's frame. */
#define GATHER_NS 1000000L
/* Output this soon after the last write is part of a stream; a typist's keys come slower. */
#define STREAM_NS 5000000L
#define OUT_SIZE 65536
#define IN_SIZE 4096

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/*
 * Moves what the program has written to the console in one write: 1 if there was some,
 * 0 if none, -1 once the pseudo-terminal is closed (EIO: the program and all it started
 * have exited) or the console fails.
 */
static int relay_output(int master, int console) {
  static char out[OUT_SIZE];
  size_t len = 0;
  ssize_t n = 0;
  while (len < sizeof out && (n = read(master, out + len, sizeof out - len)) > 0) len += (size_t)n;
  if (len > 0) return write_all(console, out, len) < 0 ? -1 : 1;
  return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
}

/*
 * The relay opens the slave before forking, so that it is open from the first instant:
 * a master whose slave is not (yet, or any more) open reads EIO, which means "exit".
 */
static pid_t spawn_on_pty(int master, char **argv) {
  const char *name = ptsname(master);
  int slave = name == NULL ? -1 : open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) return -1;
  pid_t pid = fork();
  if (pid != 0) {
    close(slave);
    return pid;
  }
  /* The program's own session, the pseudo-terminal its controlling tty: job control, Ctrl-C. */
  if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) _exit(126);
  dup2(slave, 0);
  dup2(slave, 1);
  dup2(slave, 2);
  execvp(argv[0], argv);
  _exit(127);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: strata-console CONSOLE PROGRAM [ARG...]\n");
    return 2;
  }
  /* Close-on-exec: the program and all it starts see only the pseudo-terminal (CRIU dumps no console). */
  int console = open(argv[1], O_RDWR | O_NOCTTY | O_CLOEXEC);
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (console < 0 || master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
    perror("strata-console");
    return 1;
  }
  pid_t child = spawn_on_pty(master, argv + 2);
  if (child < 0) {
    perror("strata-console: pseudo-terminal");
    return 1;
  }
  /* Non-blocking, so that gathering reads what is there and input never stalls output. */
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  /*
   * The program's end ends the relay even while something it left in the background
   * holds the pseudo-terminal open: init then starts a new shell, as it did on the console.
   */
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int exited = signalfd(-1, &chld, SFD_CLOEXEC);
  if (exited < 0) {
    perror("strata-console: signalfd");
    return 1;
  }

  static char in[IN_SIZE];
  size_t in_len = 0, in_off = 0;
  long long last_write = 0;
  for (;;) {
    struct pollfd fds[3] = {
        {console, in_len == 0 ? POLLIN : 0, 0},
        {master, (short)(POLLIN | (in_len > 0 ? POLLOUT : 0)), 0},
        {exited, POLLIN, 0},
    };
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents & POLLIN) {
      ssize_t n = read(console, in, sizeof in);
      if (n > 0) {
        in_len = (size_t)n;
        in_off = 0;
      }
    }
    if (in_len > 0 && (fds[1].revents & POLLOUT || fds[0].revents & POLLIN)) {
      ssize_t n = write(master, in + in_off, in_len - in_off);
      if (n > 0) in_off += (size_t)n;
      if (in_off == in_len) in_len = in_off = 0;
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (now_ns() - last_write < STREAM_NS) nanosleep(&(struct timespec){0, GATHER_NS}, NULL);
      int more = relay_output(master, console);
      if (more < 0) break;
      if (more > 0) last_write = now_ns();
    }
    if (fds[2].revents & POLLIN) {
      struct signalfd_siginfo info;
      if (read(exited, &info, sizeof info) < 0 && errno != EAGAIN) break;
    }
    if (fds[2].revents & POLLIN && waitpid(child, NULL, WNOHANG) == child) {
      /* What the program wrote last, such as the shell's "logout". */
      relay_output(master, console);
      return 0;
    }
  }
  /* Hangs the pseudo-terminal up: the program gets SIGHUP. */
  close(master);
  waitpid(child, NULL, 0);
  return 0;
}
