"""Signing benchmark, botocore side: the same EC2 request as main.swift, signed with
botocore.auth.SigV4Auth at the same fixed time; prints signatures per second and the signature."""
import datetime
import sys
import time
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
body = ("Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3Afleetform%3Astack"
        "&Filter.1.Value.1=training&MaxResults=1000")
fixed = datetime.datetime(2015, 8, 30, 12, 36, 0)

def sign_once():
    request = AWSRequest(method="POST", url="https://ec2.us-east-1.amazonaws.com/", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    botocore.auth.SigV4Auth(credentials, "ec2", "us-east-1").add_auth(request)
    return request.headers["Authorization"].split("Signature=")[1]

with mock.patch("botocore.auth.get_current_datetime", return_value=fixed):
    for _ in range(500):
        sign_once()
    start = time.perf_counter()
    for _ in range(iterations):
        signature = sign_once()
    elapsed = time.perf_counter() - start
print(f"botocore {int(iterations / elapsed)} {signature}")
