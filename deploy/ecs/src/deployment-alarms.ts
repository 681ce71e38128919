import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { AlarmBehavior, type FargateService } from "aws-cdk-lib/aws-ecs";
import { HttpCodeTarget, type ApplicationTargetGroup } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import type { Construct } from "constructs";

/**
 * Deployment alarms: a new task set that makes `targetGroup`'s targets answer HTTP 5xx (gRPC
 * and gRPC-Web errors are HTTP 200 with a grpc-status; a 5xx is a crash, a protocol error or a
 * refused connection) or fail the health check rolls the deployment of `service` back, also
 * when the tasks pass ECS's own checks. Both are per target group, so only this service's
 * deployment reacts. `name` names the alarms' owner in their descriptions.
 */
export function addDeploymentAlarms(
  scope: Construct,
  name: string,
  service: FargateService,
  targetGroup: ApplicationTargetGroup,
): void {
  const period = Duration.minutes(1);
  const alarms = [
    new Alarm(scope, "Target5xxAlarm", {
      alarmDescription: `${name}: targets answer HTTP 5xx; rolls an ECS deployment back`,
      metric: targetGroup.metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, {
        period,
        statistic: "Sum",
      }),
      threshold: 5,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    new Alarm(scope, "UnhealthyHostsAlarm", {
      alarmDescription: `${name}: targets fail the ALB health check; rolls an ECS deployment back`,
      metric: targetGroup.metrics.unhealthyHostCount({ period, statistic: "Maximum" }),
      threshold: 1,
      // Two minutes: longer than a failing target takes to leave (health check 2 × 5 s).
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  ];
  service.enableDeploymentAlarms(
    alarms.map((alarm) => alarm.alarmName),
    { behavior: AlarmBehavior.ROLLBACK_ON_ALARM },
  );
}
