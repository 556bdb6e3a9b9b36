import java.nio.file.Path;

import com.marcnuri.helm.Helm;

/**
 * {@code helm package CHART --destination DIR} with Helm in-process (helm-java, the Helm the
 * chart's tests run), for release/build.sh on a machine without the helm command.
 */
class PackageChart {

	public static void main(String[] args) {
		new Helm(Path.of(args[0])).packageIt().withDestination(Path.of(args[1])).call();
	}

}
