"""A Python grpcio client of the Switchyard services, for the integration suite.

The stubs are generated at test time from proto/ with `python -m grpc_tools.protoc`
into a temporary directory passed as --stubs (they are never committed). The script
calls catalog GetProduct, pricing Quote and checkout PlaceOrder, plus one call that
must fail with INVALID_ARGUMENT and google.rpc.BadRequest details, and prints one JSON
object with what it saw. Exit code 0 unless a call failed unexpectedly.
"""

import argparse
import json
import sys
import uuid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stubs", required=True, help="directory of the generated *_pb2*.py modules")
    parser.add_argument("--catalog", required=True, help="host:port of the catalog (or the proxy)")
    parser.add_argument("--pricing", required=True, help="host:port of pricing (or the proxy)")
    parser.add_argument("--checkout", required=True, help="host:port of checkout (or the proxy)")
    parser.add_argument("--tls", action="store_true", help="use TLS (the system's trust store unless --ca)")
    parser.add_argument("--ca", help="PEM file of the CA to trust; implies --tls")
    parser.add_argument("--server-name", help="TLS server name to check, e.g. localhost")
    parser.add_argument("--product", default="sku-espresso-250g")
    args = parser.parse_args()
    sys.path.insert(0, args.stubs)

    import grpc
    from google.rpc import error_details_pb2, status_pb2
    from switchyard.catalog.v1 import catalog_service_pb2, catalog_service_pb2_grpc
    from switchyard.checkout.v1 import checkout_service_pb2, checkout_service_pb2_grpc
    from switchyard.pricing.v1 import pricing_service_pb2, pricing_service_pb2_grpc
    from switchyard.type.v1 import money_pb2

    def channel(target: str) -> grpc.Channel:
        if args.ca is None and not args.tls:
            return grpc.insecure_channel(target)
        root_certificates = None
        if args.ca is not None:
            with open(args.ca, "rb") as ca:
                root_certificates = ca.read()
        credentials = grpc.ssl_channel_credentials(root_certificates=root_certificates)
        options = [] if args.server_name is None else [("grpc.ssl_target_name_override", args.server_name)]
        return grpc.secure_channel(target, credentials, options)

    def served_by(call: grpc.Call) -> str:
        return dict(call.initial_metadata()).get("x-served-by", "")

    result = {}
    with channel(args.catalog) as catalog_channel:
        catalog = catalog_service_pb2_grpc.CatalogServiceStub(catalog_channel)
        response, call = catalog.GetProduct.with_call(
            catalog_service_pb2.GetProductRequest(id=args.product), timeout=5
        )
        result["getProduct"] = {
            "id": response.product.id,
            "currencyCode": response.product.unit_price.currency_code,
            "minorUnits": str(response.product.unit_price.minor_units),
            "servedBy": served_by(call),
        }
        try:
            catalog.GetProduct(catalog_service_pb2.GetProductRequest(id=""), timeout=5)
            result["invalidArgument"] = {"code": "OK"}
        except grpc.RpcError as error:
            trailers = dict(error.trailing_metadata() or ())
            violations = []
            details = trailers.get("grpc-status-details-bin")
            if details is not None:
                status = status_pb2.Status.FromString(details)
                for detail in status.details:
                    bad_request = error_details_pb2.BadRequest()
                    if detail.Unpack(bad_request):
                        violations.extend(v.field for v in bad_request.field_violations)
            result["invalidArgument"] = {"code": error.code().name, "fieldViolations": violations}

    with channel(args.pricing) as pricing_channel:
        pricing = pricing_service_pb2_grpc.PricingServiceStub(pricing_channel)
        price = result["getProduct"]
        response, call = pricing.Quote.with_call(
            pricing_service_pb2.QuoteRequest(
                currency_code=price["currencyCode"],
                line_items=[
                    pricing_service_pb2.LineItem(
                        product_id=args.product,
                        quantity=2,
                        unit_price=money_pb2.Money(
                            currency_code=price["currencyCode"], minor_units=int(price["minorUnits"])
                        ),
                    )
                ],
            ),
            timeout=5,
        )
        result["quote"] = {"totalMinorUnits": str(response.quote.total.minor_units), "servedBy": served_by(call)}

    with channel(args.checkout) as checkout_channel:
        checkout = checkout_service_pb2_grpc.CheckoutServiceStub(checkout_channel)
        response, call = checkout.PlaceOrder.with_call(
            checkout_service_pb2.PlaceOrderRequest(
                request_id=str(uuid.uuid4()),
                customer_id="python-client",
                lines=[checkout_service_pb2.OrderLine(product_id=args.product, quantity=1)],
            ),
            timeout=10,
        )
        result["placeOrder"] = {
            "orderId": response.order.id,
            "totalMinorUnits": str(response.order.quote.total.minor_units),
            "servedBy": served_by(call),
        }

    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
