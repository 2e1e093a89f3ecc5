package dev.chorus.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over the limit with 413: at once when the declared length is too large, and while
 * reading when a chunked body grows past it (then {@link BodyTooLargeException} reaches {@link
 * GatewayErrors}).
 */
class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;

  BodySizeLimitFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      ProblemWriter.write(
          response,
          HttpStatus.CONTENT_TOO_LARGE,
          "Request body too large",
          "the body has "
              + request.getContentLengthLong()
              + " bytes; at most "
              + maxBytes
              + " are accepted");
      return;
    }
    chain.doFilter(
        request.getContentLengthLong() < 0 ? new Limited(request, maxBytes) : request, response);
  }

  /** A body read past the limit. */
  static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long maxBytes) {
      super("the body is larger than " + maxBytes + " bytes");
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {

    private final long maxBytes;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0 && ++read > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          if (n > 0 && (read += n) > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
          }
          return n;
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
