package dev.kfleet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The kfleet service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KfleetApplication {

	public static void main(String[] args) {
		SpringApplication.run(KfleetApplication.class, args);
	}

}
