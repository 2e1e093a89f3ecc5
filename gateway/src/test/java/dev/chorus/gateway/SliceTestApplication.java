package dev.chorus.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The configuration {@code @WebMvcTest} slices start from; the slice itself picks the controllers.
 */
@SpringBootApplication
class SliceTestApplication {}
