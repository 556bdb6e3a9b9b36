package dev.kfleet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * The kfleet service. Its modules are the packages below this one (ADR 0002);
 * {@code platform}, which every module stands on, is started with each module in its
 * module tests.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "platform")
public class KfleetApplication {

	public static void main(String[] args) {
		SpringApplication.run(KfleetApplication.class, args);
	}

}
