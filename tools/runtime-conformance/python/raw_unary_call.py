"""Makes one unary gRPC call with grpcio, the request and response as raw bytes.

The request message arrives hex-encoded and serialized (no generated stubs needed); the
result is printed as JSON: the status code's name and the grpc-status-details-bin trailer,
base64-encoded, for the caller to decode.
"""

import argparse
import base64
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", required=True, help="host:port")
    parser.add_argument("--method", required=True, help="/package.Service/Method")
    parser.add_argument("--request-hex", required=True, help="the serialized request message, hex")
    parser.add_argument("--authorization", help="value of the authorization header")
    parser.add_argument("--ca", help="PEM file of the CA to trust; the call uses TLS")
    parser.add_argument("--server-name", help="TLS server name to check, e.g. localhost")
    args = parser.parse_args()

    import grpc

    if args.ca is None:
        channel = grpc.insecure_channel(args.target)
    else:
        with open(args.ca, "rb") as ca:
            credentials = grpc.ssl_channel_credentials(root_certificates=ca.read())
        options = [] if args.server_name is None else [("grpc.ssl_target_name_override", args.server_name)]
        channel = grpc.secure_channel(args.target, credentials, options)

    metadata = [] if args.authorization is None else [("authorization", args.authorization)]
    with channel:
        call = channel.unary_unary(args.method, request_serializer=None, response_deserializer=None)
        try:
            call(bytes.fromhex(args.request_hex), metadata=metadata, timeout=10)
            result = {"code": "OK", "details": ""}
        except grpc.RpcError as error:
            trailers = dict(error.trailing_metadata() or ())
            details = trailers.get("grpc-status-details-bin", b"")
            result = {"code": error.code().name, "details": base64.b64encode(details).decode("ascii")}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
